import { z } from 'zod';
import { PAGE_KINDS } from '../core/jobs/expand.ts';

const names = z
  .array(
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a configured name (lower-case letters, digits, "-")' }),
  )
  .min(1)
  .max(50);

/** POST /scans: which configured targets to scan now. A URL cannot be named, only sites, markets, kinds. */
export const scanRequestSchema = z.strictObject({
  sites: names.optional(),
  markets: names.optional(),
  kinds: z
    .array(z.enum(PAGE_KINDS, { error: 'expected search, category or placement' }))
    .min(1)
    .max(3)
    .optional(),
});
