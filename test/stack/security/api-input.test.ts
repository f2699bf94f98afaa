import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer, idToken } from '../../support/sign-in.ts';

let shop: DemoShop;
let stack: LocalStack;
beforeAll(async () => {
  shop = await startDemoShop();
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: null, siteOrigins: { 'demo-shop': shop.url } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await shop?.close();
});

async function call(method: string, path: string, body?: string, given?: Record<string, string>) {
  const headers = given ?? (await bearer(stack));
  const response = await fetch(`${stack.http.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, error: (JSON.parse(text || '{}') as { error?: string }).error ?? '' };
}

/** No response may show how the server is built. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(
    /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Error:|ZodError|stack|TypeError|DynamoDB|dynalite|ResourceNotFound/,
  );
}

const TODAY = new Date().toISOString().slice(0, 10);
const big = JSON.stringify({ markets: Array.from({ length: 5_000 }, () => 'fr') });

describe('Bad API input: 400 naming the field, 401, 404; never internals', () => {
  it.each([
    ['GET', '/scorecards/2026-02-30', 'date: not a calendar date'],
    ['GET', '/scorecards/2026-13-01', 'date: not a calendar date'],
    ['GET', '/scorecards/2026-00-10', 'date: not a calendar date'],
    ['GET', '/scorecards/26-11-23', 'date: expected a date as YYYY-MM-DD'],
    ['GET', '/scorecards/2026-11-23T00:00:00Z', 'date: expected a date as YYYY-MM-DD'],
    ['GET', '/scorecards/today', 'date: expected a date as YYYY-MM-DD'],
    ['GET', '/scorecards/1970-01-01', 'date: out of range'],
    ['GET', '/scorecards/2999-01-01', 'date: out of range'],
    ['GET', "/scorecards/2026-11-23'%20OR%201=1", 'date: expected a date as YYYY-MM-DD'],
    ['GET', '/scorecards/%2E%2E%2F%2E%2E%2Fetc', 'date: expected a date as YYYY-MM-DD'],
    ['GET', `/scorecards/${TODAY}?market=jp`, 'query.market: unknown market "jp"'],
    ['GET', `/scorecards/${TODAY}?market=`, 'query.market: unknown market ""'],
    ['GET', `/scorecards/${TODAY}?market=FR`, 'query.market: unknown market "FR"'],
    ['GET', `/scorecards/${TODAY}?site=amazon`, 'query.site: unknown site "amazon"'],
    ['GET', `/scorecards/${TODAY}?format=html5`, 'query.format: expected json, csv or html'],
    ['GET', `/scorecards/${TODAY}?format=`, 'query.format: expected json, csv or html'],
    ['GET', `/scorecards/${TODAY}?debug=1`, 'query.debug: unknown field'],
    ['GET', `/scorecards/${TODAY}?url=http://169.254.169.254/`, 'query.url: unknown field'],
    // Names that are special to JavaScript objects are unknown parameters like any other.
    ['GET', `/scorecards/${TODAY}?__proto__=x`, 'query.__proto__: unknown field'],
    ['GET', `/scorecards/${TODAY}?market=fr&__proto__=x`, 'query.__proto__: unknown field'],
    ['GET', `/scorecards/${TODAY}?constructor=x`, 'query.constructor: unknown field'],
    ['GET', `/scorecards/${TODAY}?prototype=x`, 'query.prototype: unknown field'],
    ['GET', `/scorecards/${TODAY}?toString=x`, 'query.toString: unknown field'],
    ['GET', `/scorecards/${TODAY}?hasOwnProperty=x`, 'query.hasOwnProperty: unknown field'],
    ['GET', '/runs/x%20y', 'id: expected a run id'],
    ['GET', '/runs/..%2F..%2Fetc%2Fpasswd', 'id: expected a run id'],
    ['GET', `/runs/${'a'.repeat(81)}`, 'id: expected a run id'],
    ['GET', '/runs/%3Cscript%3E', 'id: expected a run id'],
    ['POST', '/scans', '{', 'body: not valid JSON'],
    ['POST', '/scans', '{"markets": [fr]}', 'body: not valid JSON'],
    ['POST', '/scans', '[]', 'body: expected a mapping, got a list'],
    ['POST', '/scans', '"fr"', 'body: expected a mapping, got "fr"'],
    ['POST', '/scans', 'null', 'body: expected a mapping, got nothing'],
    ['POST', '/scans', '{"markets": "fr"}', 'body.markets: expected a list, got "fr"'],
    ['POST', '/scans', '{"markets": []}', 'body.markets: '],
    ['POST', '/scans', '{"markets": [42]}', 'body.markets[0]: expected string, got 42'],
    ['POST', '/scans', '{"markets": ["xx"]}', 'body.markets[0]: unknown market "xx"'],
    ['POST', '/scans', '{"markets": ["fr", "../us"]}', 'body.markets[1]: expected a configured name'],
    ['POST', '/scans', '{"sites": ["amazon"]}', 'body.sites[0]: unknown site "amazon"'],
    ['POST', '/scans', '{"kinds": ["banner"]}', 'body.kinds[0]: expected search, category or placement'],
    ['POST', '/scans', '{"kinds": "search"}', 'body.kinds: expected a list, got "search"'],
    ['POST', '/scans', '{"url": "http://169.254.169.254/latest/meta-data/"}', 'body.url: unknown field'],
    ['POST', '/scans', '{"baseUrl": "file:///etc/passwd", "markets": ["fr"]}', 'body.baseUrl: unknown field'],
    ['POST', '/scans', '{"markets": ["fr"], "__proto__": {"admin": true}}', 'body.__proto__: unknown field'],
    ['POST', '/scans', '{"constructor": {"prototype": {"admin": true}}}', 'body.constructor: unknown field'],
    ['POST', '/scans', big, 'body: larger than 16384 bytes'],
  ])('%s %s → 400', async (method, path, ...rest) => {
    const [body, message] = rest.length === 2 ? rest : [undefined, rest[0]];
    const response = await call(method, path, body);
    expect(response.status, response.text).toBe(400);
    expect(response.error).toContain(message);
    expectNoInternals(response.text);
  });

  it.each([
    ['no Authorization header', {}, 'Sign in first'],
    ['an empty bearer token', { authorization: 'Bearer ' }, 'Authorization must be "Bearer <id token>"'],
    [
      'the wrong scheme',
      { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      'Authorization must be "Bearer <id token>"',
    ],
    [
      'a token that is no JWT',
      { authorization: 'Bearer 00000000-0000-0000-0000-000000000000' },
      'The token is not valid for this app',
    ],
    [
      'the token without a scheme',
      { authorization: 'eyJhbGciOiJSUzI1NiJ9.e30.x' },
      'Authorization must be "Bearer <id token>"',
    ],
  ])('401 with %s, saying how to authenticate, with no page data', async (_title, headers, message) => {
    const response = await call('GET', `/scorecards/${TODAY}`, undefined, headers as Record<string, string>);
    expect(response.status).toBe(401);
    expect(response.error).toContain(message);
    expect(response.text).not.toContain('targets');
  });

  it.each([
    ['GET', '/scorecards'],
    ['GET', '/scorecards/2026-11-23/extra'],
    ['DELETE', '/scans'],
    ['PUT', `/scorecards/${TODAY}`],
    ['GET', '/admin'],
    ['GET', '/runs/2026-11-23-deadbeef'],
  ])('%s %s → 404', async (method, path) => {
    const response = await call(method, path);
    expect(response.status).toBe(404);
    expectNoInternals(response.text);
  });

  it('a body past the gateway’s limit (10 MB) is refused before any function runs, as HTTP API refuses it', async () => {
    const response = await call('POST', '/scans', 'x'.repeat(10 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({ message: 'Request Entity Too Large' });
  });

  it('a failure inside the handler is a bare 500', async () => {
    // The table is deleted under the API: whatever DynamoDB says must not leak.
    const { DeleteTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new DeleteTableCommand({ TableName: stack.tableName }));
    client.destroy();
    const response = await call('GET', `/scorecards/${TODAY}`);
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({ error: 'Internal error' });
    expectNoInternals(response.text);
  });
});

describe('A selector that stops matching, as the scorecard shows it', () => {
  it('says since when it has been broken, from the page’s history', async () => {
    const { writeItems } = await import('../../../functions/core/store/write-items.ts');
    const { observationItem } = await import('../../../functions/core/store/observations/item.ts');
    const { CreateTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { readTemplate, resolveConditions } = await import('../../../scripts/local/template.ts');
    // The previous test deleted the table: create it again as the template declares it.
    const template = await readTemplate(`${REPO_ROOT}/template.yaml`);
    const props = resolveConditions(
      template.resourceOfType('AWS::DynamoDB::Table').properties,
      template.conditions,
    ) as Record<string, never>;
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client
      .send(
        new CreateTableCommand({
          TableName: stack.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: props.AttributeDefinitions,
          KeySchema: props.KeySchema,
          GlobalSecondaryIndexes: props.GlobalSecondaryIndexes,
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ResourceInUseException') throw error; // run alone, the table was never deleted
      });
    client.destroy();
    const day = (date: string, status: 'ok' | 'selector_miss') =>
      observationItem({
        site: 'demo-shop',
        market: 'fr',
        page: 'mascara',
        kind: 'category',
        date,
        runId: `run-${date}`,
        status,
        message: status === 'ok' ? null : 'Item selector matched nothing',
        pageUrl: null,
        summary: null,
        evidence: { html: [], screenshot: null },
        observedAt: `${date}T06:00:00Z`,
      });
    const { addDayMarkets } = await import('../../../functions/core/store/days/add-day-markets.ts');
    for (const date of ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-22'])
      await addDayMarkets(stack.tableName, date, ['demo-shop#fr']);
    await writeItems(
      [
        day('2026-11-18', 'ok'),
        day('2026-11-19', 'selector_miss'),
        day('2026-11-20', 'selector_miss'),
        day('2026-11-22', 'selector_miss'),
      ],
      { tableName: stack.tableName },
    );
    const json = JSON.parse((await call('GET', '/scorecards/2026-11-22')).text);
    expect(json.targets[0].problems).toEqual([
      {
        kind: 'category',
        page: 'mascara',
        keyword: null,
        status: 'selector_miss',
        message: 'Item selector matched nothing',
        brokenSince: '2026-11-19',
        lastGood: '2026-11-18',
        firstScanned: '2026-11-18',
        evidence: { runId: 'run-2026-11-22', pageUrl: null, screenshot: null, html: null },
      },
    ]);
    const csv = await (
      await fetch(`${stack.http.url}/scorecards/2026-11-22?format=csv`, {
        headers: await bearer(stack),
      })
    ).text();
    // message, broken since, last good run, page and screenshot (none archived here)
    expect(csv.trim().split('\r\n')[1]).toMatch(/,Item selector matched nothing,2026-11-19,2026-11-18,,$/);
  });
});
