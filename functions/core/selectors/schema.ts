import { z } from 'zod';
import { identitySpec, proxySpec, rateSpec, retrySpec } from './access-schema.ts';
import { cssSelector, fieldSpec, fieldsSpec, pattern, type Fields } from './field-schema.ts';

export {
  alternativesOf,
  fieldSpec,
  fieldsSpec,
  splitFieldShorthand,
  type FieldAlternative,
  type FieldSpec,
  type Fields,
} from './field-schema.ts';

/** One selector file describes one retailer site in one market. The schema is the contract. */

const step = z.union(
  [
    z.strictObject({
      click: cssSelector,
      /** Skip quietly when absent (a consent wall shown only sometimes). */
      optional: z.boolean().default(false),
      /** The click loads a new document (a consent button that reloads the page). */
      navigates: z.boolean().default(false),
    }),
    z.strictObject({ scroll: z.union([z.literal('bottom'), cssSelector]) }),
    z.strictObject({ waitFor: cssSelector }),
    z.strictObject({ wait: z.number().int().min(0).max(10_000, { error: 'at most 10000 ms; prefer waitFor' }) }),
  ],
  { error: 'expected one of { click }, { scroll }, { waitFor }, { wait }' },
);

/** auto: a plain fetch while sampled checks show it reads what Chromium reads (rendering/choose-render.ts). */
const renderMode = z.enum(['chrome', 'static', 'auto'], { error: 'expected "chrome", "static" or "auto"' });
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected lower-case letters, digits and "-"' });
const pathTemplate = z
  .string()
  .startsWith('/', { error: 'expected a path starting with "/" (relative to baseUrl)' })
  .refine((path) => !path.startsWith('//') && !/(^|\/)\.\.(\/|$)/.test(path), {
    error: 'must stay under baseUrl (no "//" prefix, no "..")',
  });

const pageCommon = {
  name: slug.optional(),
  render: renderMode.optional(),
  /** Extra steps for this page only, after the file's `before` steps. */
  before: z.array(step).optional(),
};

const listingCommon = {
  item: cssSelector,
  sponsored: cssSelector.optional(),
  /** Marks a genuine "no results" page, so an empty listing is not taken for a broken selector. */
  noResults: cssSelector.optional(),
  fields: fieldsSpec.optional(),
  topN: z.number().int().min(1).max(200).optional(),
  /** Reads of the page a day, one visit after another: our rank is their median, with its spread. */
  reads: z.number().int().min(1).max(10).optional(),
};

const searchPage = z.strictObject({
  kind: z.literal('search'),
  ...pageCommon,
  ...listingCommon,
  url: pathTemplate.refine((url) => url.includes('{keyword}'), { error: 'must contain {keyword}' }),
  keywords: z.array(z.string().trim().min(1)).min(1, { error: 'expected at least one keyword' }),
});

const categoryPage = z.strictObject({
  kind: z.literal('category'),
  ...pageCommon,
  ...listingCommon,
  name: slug,
  url: pathTemplate,
  /** Link to the next listing page, e.g. `a.next@href`; followed up to maxPages. */
  next: fieldSpec.optional(),
  maxPages: z.number().int().min(1).max(10).default(1),
});

const slotSpec = z.union(
  [
    cssSelector.transform((item) => ({
      item,
      optional: false as boolean,
      fields: undefined as Fields | undefined,
      sponsored: undefined as string | undefined,
    })),
    z.strictObject({
      item: cssSelector,
      fields: fieldsSpec.optional(),
      /** An item that is (or holds) this is a paid placement. */
      sponsored: cssSelector.optional(),
      optional: z.boolean().default(false),
    }),
  ],
  { error: 'expected an item selector or { item, fields?, sponsored?, optional? }' },
);

const placementPage = z.strictObject({
  kind: z.literal('placement'),
  ...pageCommon,
  name: slug,
  url: pathTemplate,
  fields: fieldsSpec.optional(),
  slots: z
    .record(slug, slotSpec)
    .refine((slots) => Object.keys(slots).length > 0, { error: 'expected at least one slot' }),
});

const pageSpec = z.discriminatedUnion('kind', [searchPage, categoryPage, placementPage], {
  error: 'expected kind: search, category or placement',
});

/** A page in ten is read twice: enough for a rate per market within a week, a tenth more reading. */
export const DEFAULT_SECOND_READ_SHARE = 0.1;
/** Below this share of pages whose two readings agree, a market's selectors are not to be trusted. */
export const DEFAULT_ACCURACY_ALERT = 0.9;

export const siteFileSchema = z
  .strictObject({
    site: slug,
    market: slug,
    baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    locale: z.string().refine(isSupportedLocale, {
      error: (issue) => `not a locale this runtime knows: ${JSON.stringify(issue.input)}`,
    }),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code such as EUR' }),
    render: renderMode.default('chrome'),
    before: z.array(step).default([]),
    blockedIf: cssSelector.optional(),
    /** Default fields for every page; a page's own `fields` replace them. */
    fields: fieldsSpec.optional(),
    topN: z.number().int().min(1).max(200).default(10),
    rate: rateSpec,
    retry: retrySpec,
    proxy: proxySpec.optional(),
    identity: identitySpec.default({}),
    /** The second reader (accuracy/): the share of pages read a second way each run, and the accuracy it alerts below. */
    secondRead: z
      .strictObject({
        share: z.number().min(0).max(1).default(DEFAULT_SECOND_READ_SHARE),
        alertBelow: z.number().min(0).max(1).default(DEFAULT_ACCURACY_ALERT),
      })
      .default({ share: DEFAULT_SECOND_READ_SHARE, alertBelow: DEFAULT_ACCURACY_ALERT }),
    pages: z.array(pageSpec).min(1, { error: 'expected at least one page' }),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.pages.forEach((page, index) => {
      const name = page.name ?? page.kind;
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['pages', index, 'name'],
          message: `duplicate page name "${name}" (also pages[${first}])`,
        });
      }
      seen.set(name, index);
      if (page.kind !== 'placement' && !page.fields && !file.fields) {
        ctx.addIssue({
          code: 'custom',
          path: ['pages', index, 'fields'],
          message: 'required (no file-level fields to fall back on)',
        });
      }
      if (page.kind === 'placement') {
        for (const [slot, spec] of Object.entries(page.slots)) {
          if (!spec.fields && !page.fields && !file.fields) {
            ctx.addIssue({
              code: 'custom',
              path: ['pages', index, 'slots', slot, 'fields'],
              message: 'required (no page or file fields to fall back on)',
            });
          }
        }
      }
      const render = page.render ?? file.render;
      if (render !== 'chrome' && (page.before?.length ?? 0) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['pages', index, 'before'],
          message: 'browser steps need render: chrome',
        });
      }
    });
    // A plain fetch runs no steps: static or auto pages need none (auto falls back to Chromium only when they differ).
    if (
      file.render !== 'chrome' &&
      file.before.length > 0 &&
      file.pages.every((page) => (page.render ?? file.render) !== 'chrome')
    ) {
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'browser steps need render: chrome' });
    }
  });

function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
}

const aliases = z.array(z.string().trim().min(1)).default([]);
const brandMap = z.record(z.string().trim().min(1), z.union([aliases, z.null().transform(() => [] as string[])]));

const productMatcher = z
  .strictObject({
    brand: z.string().min(1).optional(),
    namePattern: pattern.optional(),
    urlPattern: pattern.optional(),
  })
  .refine((matcher) => matcher.namePattern !== undefined || matcher.urlPattern !== undefined, {
    error: 'expected namePattern or urlPattern',
  });

/** What counts as ours and who the competitors are; one file for the whole installation. */
export const trackingFileSchema = z.strictObject({
  ours: z.strictObject({
    label: z.string().min(1).default('ours'),
    brands: brandMap.refine((brands) => Object.keys(brands).length > 0, { error: 'expected at least one brand' }),
    products: z.array(productMatcher).default([]),
  }),
  competitors: brandMap.default({}),
});

export type SiteFile = z.output<typeof siteFileSchema>;
export type PageSpec = SiteFile['pages'][number];
export type SearchPageSpec = Extract<PageSpec, { kind: 'search' }>;
export type CategoryPageSpec = Extract<PageSpec, { kind: 'category' }>;
export type PlacementPageSpec = Extract<PageSpec, { kind: 'placement' }>;
export type BrowserStep = z.output<typeof step>;
export type TrackingFile = z.output<typeof trackingFileSchema>;
