import * as cheerio from 'cheerio/slim';
import { z } from 'zod';
import { patternProblem } from './pattern.ts';

/** The pieces selector files are made of: CSS selectors, patterns and fields (what a tile's values are read with). */

const probe = cheerio.load('<p></p>');

/** A CSS selector cheerio can compile; typos like `div[data-x` fail at load time, not mid-run. */
export const cssSelector = z
  .string({ error: 'expected a CSS selector' })
  .min(1, { error: 'expected a non-empty CSS selector' })
  .refine(isCompilableSelector, { error: (issue) => `not a valid CSS selector: ${JSON.stringify(issue.input)}` });

function isCompilableSelector(selector: string): boolean {
  try {
    probe(selector);
    return true;
  } catch {
    return false;
  }
}

const ATTRIBUTE_NAME = /^[A-Za-z_:][\w:.-]*$/;

/** A regular expression, checked as it will run: on RE2 (see pattern.ts). */
export const pattern = z.string().superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: ${JSON.stringify(source)}` });
});

/**
 * A field is `"css"` (text of the first match), `"css@attr"` (an attribute of the first match) or
 * `"@attr"` (an attribute of the tile itself); the object form adds a regex whose first group is kept.
 */
const fieldShorthand = z.string().min(1).superRefine(checkFieldShorthand);

const FIELD_NAME = /^[a-zA-Z][\w-]*$/;
const fieldName = z.string().regex(FIELD_NAME, { error: 'expected a field name of letters, digits, "_" or "-"' });
const decode = z.literal('url', { error: 'expected url (the only decoding there is)' });

/**
 * One alternative of a `select` list: a shorthand, or an object with its own `match` and `decode`
 * (`{ select: "a.ad@href", match: "u=([^&]+)", decode: url }` beside a plain `a@href`), or a value
 * taken from another field of the tile (`{ field: name, match: "^(\\S+)" }`: the brand from the name).
 */
const alternative = z.union([
  fieldShorthand,
  z
    .strictObject({
      select: fieldShorthand.optional(),
      field: fieldName.optional(),
      match: pattern.optional(),
      decode: decode.optional(),
    })
    .superRefine((spec, ctx) => {
      if ((spec.select === undefined) === (spec.field === undefined))
        ctx.addIssue({
          code: 'custom',
          message: 'an alternative is either { select } or { field }, not both or neither',
        });
      if (spec.field !== undefined && spec.match === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['match'],
          message: 'a value from another field needs a match (what of it to keep)',
        });
      if (spec.decode !== undefined && spec.match === undefined)
        ctx.addIssue({ code: 'custom', path: ['decode'], message: 'decodes what match found: add a match' });
    }),
]);

/**
 * A field: `"css"`, `"css@attribute"`, `"@attribute"`, or an object that says more:
 * - `select`: one selector, or alternatives in preference order (`[.new-price, .price]`): the first
 *   that gives a value, per tile; an element that is there but empty (`img@alt=""`) tries the next;
 *   an alternative may carry its own `match`/`decode`, or take another field's value (`{ field, match }`);
 * - `join`: several selectors whose values make one (a name in brand / line / type spans), with `separator`;
 * - `match`: a pattern that narrows the value (its first group, if it has one), for every alternative;
 * - `decode: url`: the matched value URL-decoded (a product address inside a click-tracking link).
 */
export const fieldSpec = z.union(
  [
    fieldShorthand,
    z
      .strictObject({
        select: z.union([fieldShorthand, z.array(alternative).min(1).max(8)]).optional(),
        join: z.array(fieldShorthand).min(2).max(8).optional(),
        separator: z.string().max(10).optional(),
        match: pattern.optional(),
        decode: decode.optional(),
      })
      .superRefine((spec, ctx) => {
        if ((spec.select === undefined) === (spec.join === undefined))
          ctx.addIssue({
            code: 'custom',
            message: 'expected either select (one or alternatives) or join, not both or neither',
          });
        if (spec.separator !== undefined && spec.join === undefined)
          ctx.addIssue({ code: 'custom', path: ['separator'], message: 'only goes with join' });
        if (spec.decode !== undefined && spec.match === undefined)
          ctx.addIssue({ code: 'custom', path: ['decode'], message: 'decodes what match found: add a match' });
        const ownPatterns = alternativesOf(spec).some((one) => typeof one !== 'string' && one.match !== undefined);
        if (ownPatterns && (spec.match !== undefined || spec.decode !== undefined))
          ctx.addIssue({
            code: 'custom',
            path: ['match'],
            message:
              'applies to every alternative, and some alternatives have their own match: put a match on each alternative instead',
          });
      }),
  ],
  { error: 'expected "css", "css@attribute", "@attribute" or { select, join, match, decode }' },
);

export type FieldAlternative = z.output<typeof alternative>;

/** A field's alternatives in order (a lone selector or a join's parts are one each). */
export function alternativesOf(spec: FieldSpec | { select?: unknown; join?: string[] }): FieldAlternative[] {
  if (typeof spec === 'string') return [spec];
  if (spec.join) return spec.join;
  return [(spec.select as FieldAlternative | FieldAlternative[] | undefined) ?? []].flat();
}

/** The other fields a field takes values from (`{ field: name }` alternatives). */
export function fieldsReadFrom(spec: FieldSpec): string[] {
  return alternativesOf(spec).flatMap((one) => (typeof one !== 'string' && one.field ? [one.field] : []));
}

function checkFieldShorthand(value: string, ctx: z.RefinementCtx): void {
  const { selector, attribute } = splitFieldShorthand(value);
  if (attribute !== null && !ATTRIBUTE_NAME.test(attribute)) {
    ctx.addIssue({ code: 'custom', message: `not a valid attribute name after "@": ${JSON.stringify(attribute)}` });
  }
  if (selector !== '' && !isCompilableSelector(selector)) {
    ctx.addIssue({ code: 'custom', message: `not a valid CSS selector: ${JSON.stringify(selector)}` });
  }
  if (selector === '' && attribute === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a selector or "@attribute"' });
  }
}

/** `"a.link@href"` → selector `a.link`, attribute `href`; the last `@` wins so `[x="a@b"]` stays intact. */
export function splitFieldShorthand(value: string): { selector: string; attribute: string | null } {
  const at = value.lastIndexOf('@');
  if (at === -1 || value.slice(at).includes(']') || value.slice(at).includes('"')) {
    return { selector: value.trim(), attribute: null };
  }
  return { selector: value.slice(0, at).trim(), attribute: value.slice(at + 1).trim() };
}

/** name is what every tile needs; brand, url, price are parsed specially; any other key is kept as text. */
export const fieldsSpec = z.record(fieldName, fieldSpec).superRefine((fields, ctx) => {
  if (!('name' in fields))
    ctx.addIssue({ code: 'custom', path: ['name'], message: 'required (every tile needs a name)' });
  // A value from another field: that field must exist and read the page itself (no chains, no loops).
  for (const [name, spec] of Object.entries(fields))
    for (const source of fieldsReadFrom(spec)) {
      const problem =
        source === name
          ? 'cannot take its value from itself'
          : !(source in fields)
            ? `takes its value from "${source}", which is not a field here`
            : fieldsReadFrom(fields[source]!).length
              ? `takes its value from "${source}", which itself takes a value from another field: name the field that reads the page`
              : null;
      if (problem) ctx.addIssue({ code: 'custom', path: [name, 'select'], message: problem });
    }
});

export type FieldSpec = z.output<typeof fieldSpec>;
export type Fields = z.output<typeof fieldsSpec>;
