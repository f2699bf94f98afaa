import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { describeIssue, formatPath } from '../schemas/issue-wording.ts';
import { badRequest } from './errors.ts';

/**
 * Name → string, kept exactly as given. zod's record rebuilds the object and leaves out a key
 * named `__proto__`, so `?__proto__=x` vanished before validation and was answered 200; this keeps
 * every own key, so the route's schema refuses it like any other unknown parameter.
 */
const stringMap = z.custom<Record<string, string>>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string'),
  { error: 'expected a map of names to strings' },
);

/** The parts of an HTTP API (payload 2.0) event the handlers use. */
export const httpEventSchema = z.looseObject({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  /** Payload 2.0 moves the Cookie header here. */
  cookies: z.array(z.string()).optional(),
  queryStringParameters: stringMap.optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  stageVariables: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.looseObject({
    domainName: z.string().optional(),
    http: z.looseObject({ method: z.string(), path: z.string() }),
  }),
});
export type HttpEvent = z.output<typeof httpEventSchema>;

export function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { version?: unknown }).version === '2.0' &&
    'routeKey' in event
  );
}

/** Bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The JSON body, validated; every problem is a 400 that names the field. */
export function parseJsonBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  const raw = bodyText(event);
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      throw badRequest('body: not valid JSON');
    }
  }
  return parseInput('body', json, schema);
}

/** Validates a part of the request (body, query, path) and turns the first problem into a 400. */
export function parseInput<S extends z.ZodType>(part: string, input: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = [part, formatPath(path)].filter(Boolean).join('.');
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : describeIssue(issue);
  throw badRequest(`${field}: ${message}`);
}

/** A form's body (application/x-www-form-urlencoded), validated as JSON bodies are. */
export function parseFormBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  return parseInput('body', Object.fromEntries(new URLSearchParams(bodyText(event))), schema);
}

/** The body as text (API Gateway may send it base64), refused above MAX_BODY_BYTES. */
function bodyText(event: HttpEvent): string {
  const raw =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw badRequest(`body: larger than ${MAX_BODY_BYTES} bytes`);
  return raw;
}
