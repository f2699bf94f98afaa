import { parseDocument } from 'yaml';
import type { FieldSpec } from '../../functions/core/selectors/schema.ts';
import type { Candidate } from '../../functions/core/heal/suggest-fix.ts';

/** A field spec as a maintainer writes it: the shorthand string, or its object form. */
export function fieldText(spec: FieldSpec | undefined): string {
  if (spec === undefined) return '(none)';
  return typeof spec === 'string' ? spec : JSON.stringify(spec);
}

/** The change as lines of a diff against the file: the page's item, then each mended field. */
export function fixDiff(
  file: string,
  pageIndex: number,
  old: { item: string; sponsored?: string | undefined; fields: Record<string, FieldSpec>; fieldsAt: 'page' | 'file' },
  fix: Candidate,
): string[] {
  const where = old.fieldsAt === 'page' ? `pages[${pageIndex}].fields` : 'fields';
  return [
    `--- ${file}`,
    `+++ ${file} (suggested)`,
    `  pages[${pageIndex}].item`,
    `-   ${old.item}`,
    `+   ${fix.item}`,
    ...(fix.sponsored
      ? [`  pages[${pageIndex}].sponsored`, `-   ${old.sponsored ?? '(none)'}`, `+   ${fix.sponsored}`]
      : []),
    ...fix.changed.flatMap((field) => [
      `  ${where}.${field}`,
      `-   ${fieldText(old.fields[field])}`,
      `+   ${fieldText(fix.fields[field])}`,
    ]),
  ];
}

/**
 * The selector file's text with a fix applied, its comments and layout kept (the YAML document is
 * edited in place): the page's `item`, and each mended field where the file declares it (the
 * page's own fields, else the file's, an anchor's users included).
 */
export function applyFix(text: string, pageIndex: number, fieldsAt: 'page' | 'file', fix: Candidate): string {
  const doc = parseDocument(text);
  doc.setIn(['pages', pageIndex, 'item'], fix.item);
  if (fix.sponsored) doc.setIn(['pages', pageIndex, 'sponsored'], fix.sponsored);
  const base = fieldsAt === 'page' ? ['pages', pageIndex, 'fields'] : ['fields'];
  for (const field of fix.changed) doc.setIn([...base, field], doc.createNode(fix.fields[field], { flow: true }));
  return doc.toString({ lineWidth: 0 });
}
