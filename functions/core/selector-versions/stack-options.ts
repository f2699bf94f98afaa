import { requireEnv, siteOriginsEnv } from '../config/env.ts';
import { bundledSelectorsDir } from '../selectors/bundled.ts';
import type { LiveSelectorsOptions } from './live-selectors.ts';

/** A function's view of the stack's versions: its table and bucket, its bundled files, SITE_ORIGINS. */
export function stackSelectorOptions(report: (message: string) => void): LiveSelectorsOptions {
  return {
    tableName: requireEnv('TABLE_NAME'),
    bucketName: requireEnv('BUCKET_NAME'),
    bundledDir: bundledSelectorsDir(),
    origins: siteOriginsEnv(),
    report,
  };
}
