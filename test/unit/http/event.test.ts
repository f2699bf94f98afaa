import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../../functions/core/http/errors.ts';
import { httpEventSchema, MAX_BODY_BYTES, parseInput, parseJsonBody } from '../../../functions/core/http/event.ts';
import { withHttpErrors } from '../../../functions/core/http/respond.ts';

const event = (over: Record<string, unknown> = {}) =>
  httpEventSchema.parse({
    version: '2.0',
    routeKey: 'POST /scans',
    rawPath: '/scans',
    requestContext: { http: { method: 'POST', path: '/scans' } },
    ...over,
  });
const body = z.strictObject({ markets: z.array(z.string()).optional() });

describe('HTTP input', () => {
  it('an empty body is an empty object; a base64 body is decoded first', () => {
    expect(parseJsonBody(event(), body)).toEqual({});
    expect(
      parseJsonBody(event({ body: Buffer.from('{"markets":["fr"]}').toString('base64'), isBase64Encoded: true }), body),
    ).toEqual({ markets: ['fr'] });
  });

  it.each([
    ['not JSON', { body: '{' }, 'body: not valid JSON'],
    [
      'too large',
      { body: `{"markets":["${'x'.repeat(MAX_BODY_BYTES)}"]}` },
      `body: larger than ${MAX_BODY_BYTES} bytes`,
    ],
    ['an unknown field', { body: '{"url":"http://169.254.169.254/"}' }, 'body.url: unknown field'],
    ['a wrong type, with its path', { body: '{"markets":[1]}' }, 'body.markets[0]: expected string, got 1'],
  ])('%s is a 400 naming the field', (_title, over, message) => {
    expect(() => parseJsonBody(event(over), body)).toThrow(new HttpError(400, message));
  });

  it('query parameters are kept as given, so the route refuses a __proto__ one like any other', () => {
    const parsed = event({ queryStringParameters: JSON.parse('{"__proto__":"x","format":"csv"}') });
    expect(Object.keys(parsed.queryStringParameters!)).toEqual(['__proto__', 'format']);
    expect(() => parseInput('query', parsed.queryStringParameters, z.strictObject({ format: z.string() }))).toThrow(
      'query.__proto__: unknown field',
    );
  });

  it('an event whose query values are not strings is refused', () => {
    expect(() => event({ queryStringParameters: { format: 1 } })).toThrow('expected a map of names to strings');
  });
});

describe('HTTP responses', () => {
  it('an HttpError goes out as its status and message', async () => {
    const response = await withHttpErrors(async () => {
      throw new HttpError(404, 'No run x');
    }, vi.fn());
    expect(response).toMatchObject({ statusCode: 404, body: '{"error":"No run x"}' });
  });

  it('anything else is a bare 500, logged, with nothing of its message or stack', async () => {
    const log = vi.fn();
    const response = await withHttpErrors(async () => {
      throw new TypeError('Cannot read properties of undefined (reading "secret") at /var/task/handler.js:1:2');
    }, log);
    expect(response).toMatchObject({ statusCode: 500, body: '{"error":"Internal error"}' });
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(log).toHaveBeenCalledWith('request failed', expect.any(TypeError));
  });
});
