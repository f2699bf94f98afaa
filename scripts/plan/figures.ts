/**
 * What the plan is computed from besides the template: figures measured on this project's pages
 * (docs/performance.md, `npm run bench` of 2026-12-02) and AWS list prices (us-east-1, on demand,
 * as of 2026-12). Change them here when a new bench or price list says otherwise.
 */
export const MEASURED = {
  /** A page's time in a busy browser tab, from the schedule's event to its observation (bench: pipeline). */
  tabSecondsPerPage: 0.7141,
  /** A new container: unpack Chromium, launch it, first page (bench: cold start). */
  coldStartSeconds: 2.9,
  /** An observation item (tiles included): real pages give 5 to 15 KB. */
  observationKb: 10,
  /** What the history index keeps of it: keys, date, status, summary, run id. */
  historyIndexKb: 0.6,
  /** A job marker, written queued by the fan-out and again when read. */
  markerKb: 0.4,
  /** Evidence per page in S3: gzipped HTML and a JPEG screenshot (bench: 370 MB a day for 10,000 pages). */
  evidenceKb: 37,
  /** A job record on the stream. */
  recordKb: 0.2,
  /** Writes a new on-demand table and an on-demand stream take at once, per second (their starting capacity). */
  tableWritesPerSecond: 4_000,
  streamRecordsPerSecond: 4_000,
  /** Shards an on-demand stream starts with (4 MB/s, 4,000 records/s in). */
  onDemandShards: 4,
} as const;

export const PRICES = {
  lambdaGbSecond: 0.0000166667,
  lambdaRequest: 0.2 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoGbMonth: 0.25,
  /** Continuous backups (point-in-time recovery), per GB-month of table. */
  dynamoPitrGbMonth: 0.2,
  s3Put: 0.005 / 1_000,
  s3GbMonth: 0.023,
  kinesisOnDemandStreamHour: 0.04,
  kinesisOnDemandGbIn: 0.08,
  kinesisOnDemandGbOut: 0.04,
  kinesisShardHour: 0.015,
  kinesisPutUnit: 0.014 / 1e6,
} as const;

export const DAYS_PER_MONTH = 30.4;
