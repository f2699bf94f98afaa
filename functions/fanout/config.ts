import { integerEnv, optionalEnv, requireEnv } from '../core/config/env.ts';

/** The fan-out's settings, read once at cold start (template.yaml sets them). */
export const config = {
  tableName: requireEnv('TABLE_NAME'),
  streamName: requireEnv('STREAM_NAME'),
  // How wide a market's lanes are: from the stream's slots and a scrape function's tabs (jobs/lanes.ts).
  fleet: {
    slots:
      integerEnv('STREAM_SHARDS', 4, { min: 1, max: 10_000 }) *
      integerEnv('STREAM_PARALLELIZATION', 1, { min: 1, max: 10 }),
    tabs: integerEnv('SCRAPE_CONCURRENCY', 4, { min: 1, max: 16 }),
  },
};
export const timeZone = optionalEnv('SCAN_TIME_ZONE', 'UTC');
