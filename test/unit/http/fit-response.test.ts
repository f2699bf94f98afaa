import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, fitResponse, RESPONSE_PAYLOAD_BYTES } from '../../../functions/core/http/fit-response.ts';
import { text } from '../../../functions/core/http/respond.ts';

const page = (body: string) => text(200, body, 'text/html; charset=utf-8');
/** Characters JSON does not escape, that gzip cannot shrink much (base64 of random bytes). */
const incompressible = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);

describe('an answer fitted to Lambda’s 6 MB response', () => {
  it('a small answer goes as it is, gzip or not', () => {
    const small = page('<p>hello</p>');
    expect(fitResponse(small, true)).toBe(small);
    expect(fitResponse(small, false)).toBe(small);
  });

  it('a large answer goes gzipped (base64) to a client that takes gzip, and inflates to the same body', () => {
    const body = '<div class="tile">"x"</div>\n'.repeat(300_000);
    const fitted = fitResponse(page(body), true)!;
    expect(fitted.isBase64Encoded).toBe(true);
    expect(fitted.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    expect(gunzipSync(Buffer.from(fitted.body!, 'base64')).toString('utf8')).toBe(body);
  });

  it.each([
    ['quotes, escaped twice as long', '"'.repeat(3_300_000)],
    ['backslashes', '\\'.repeat(3_300_000)],
    ['line breaks', '\n'.repeat(3_300_000)],
    ['control characters, escaped six times as long', '\u0001'.repeat(1_100_000)],
  ])('under 6 MB as bytes but over it as JSON (%s): does not fit without gzip', (_what, body) => {
    expect(Buffer.byteLength(body)).toBeLessThan(RESPONSE_PAYLOAD_BYTES);
    expect(fitResponse(page(body), false)).toBeNull();
    expect(fitResponse(page(body), true)).not.toBeNull();
  });

  it('a body gzip cannot bring under the quota does not fit', () => {
    expect(fitResponse(page(incompressible(RESPONSE_PAYLOAD_BYTES)), true)).toBeNull();
  });

  it('an answer already binary is measured as it is', () => {
    const binary = { ...page(Buffer.alloc(10).toString('base64')), isBase64Encoded: true };
    expect(fitResponse(binary, true)).toBe(binary);
  });
});

describe('Accept-Encoding', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['', false],
  ])('%j takes gzip: %s', (header, expected) => {
    expect(acceptsGzip(header ? { 'accept-encoding': header } : {})).toBe(expected);
  });
});
