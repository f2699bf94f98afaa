import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { DAYS_PARTITION } from '../keys.ts';
import { queryAll } from '../query-all.ts';

/** The days a scan ran, newest first. */
export async function scannedDays(tableName: string, limit = 90): Promise<string[]> {
  return (await newestDays(tableName, limit, 'sk')).map((item) => String(item.sk));
}

/** The day index's entries, newest first, with the attributes asked for. */
async function newestDays(tableName: string, limit: number, projection: string): Promise<Record<string, unknown>[]> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': DAYS_PARTITION },
      ScanIndexForward: false,
      Limit: limit,
      ProjectionExpression: projection,
    }),
  );
  return page.Items ?? [];
}

/** The last day before `date` a scan ran, or null. */
export async function scannedDayBefore(tableName: string, date: string): Promise<string | null> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk < :date',
      ExpressionAttributeValues: { ':pk': DAYS_PARTITION, ':date': date },
      ScanIndexForward: false,
      Limit: 1,
      ProjectionExpression: 'sk',
    }),
  );
  return page.Items?.[0] ? String(page.Items[0].sk) : null;
}

/** A scanned day as the list of days shows it: how its pages went, once its scorecard is built, and its alerts. */
export interface DayOverview {
  date: string;
  pages: number | null;
  ok: number | null;
  problems: number | null;
  markets: number | null;
  alerts: number;
}

/** The days a scan ran, newest first, with their overview. */
export async function dayOverviews(tableName: string, limit = 366): Promise<DayOverview[]> {
  return (await newestDays(tableName, limit, 'sk, overview, alertCount')).map((item) => {
    const overview = (item.overview ?? {}) as Partial<Record<'pages' | 'ok' | 'problems' | 'markets', number>>;
    return {
      date: String(item.sk),
      pages: overview.pages ?? null,
      ok: overview.ok ?? null,
      problems: overview.problems ?? null,
      markets: overview.markets ?? null,
      alerts: Number(item.alertCount ?? 0),
    };
  });
}

/** The scanned days just before and after `date` (null where there is none): the day navigation. */
export async function dayNeighbours(
  tableName: string,
  date: string,
): Promise<{ previous: string | null; next: string | null }> {
  const nearest = async (forward: boolean) => {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: `pk = :pk AND sk ${forward ? '>' : '<'} :date`,
        ExpressionAttributeValues: { ':pk': DAYS_PARTITION, ':date': date },
        ScanIndexForward: forward,
        Limit: 1,
        ProjectionExpression: 'sk',
      }),
    );
    return page.Items?.[0] ? String(page.Items[0].sk) : null;
  };
  const [previous, next] = await Promise.all([nearest(false), nearest(true)]);
  return { previous, next };
}

/** The days a scan ran from `from` to `to` (inclusive), oldest first. */
export async function scannedDaysBetween(tableName: string, from: string, to: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': DAYS_PARTITION, ':from': from, ':to': to },
    ProjectionExpression: 'sk',
  });
  return items.map((item) => String(item.sk));
}
