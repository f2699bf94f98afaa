/**
 * The app's own address of an evidence object (`evidence/…` in the private bucket). It never
 * expires: GET /evidence/… checks the session, then serves the archived page sandboxed or redirects
 * to a presigned URL made at that moment, so links in pages, alerts and CSVs keep working as long
 * as the evidence is kept.
 */
export const evidencePath = (key: string) => `/${key.split('/').map(encodeURIComponent).join('/')}`;

/** The same, absolute: for alerts and exported files, read outside the app. */
export const evidenceUrl = (appUrl: string, key: string) => `${appUrl.replace(/\/$/, '')}${evidencePath(key)}`;
