import type { Identity } from '../core/auth/verify-token.ts';
import { PAGE_HEADERS } from '../core/app-pages/layout.ts';
import { text } from '../core/http/respond.ts';
import type { LoadedSite } from '../core/selectors/load.ts';

/** Who asks: their identity, and whether they administer the stack (share links). */
export interface Viewer {
  identity: Identity;
  admin: boolean;
}

/** What a day's routes read: the table, the bucket, and the sites the live selector files configure. */
export interface DayDeps {
  tableName: string;
  bucketName: string;
  sites: LoadedSite[];
}

export const htmlPage = (body: string, status = 200) => text(status, body, 'text/html; charset=utf-8', PAGE_HEADERS);

export const csvFile = (csv: string, filename: string) =>
  text(200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${filename}"` });
