import { z } from 'zod';

/** Switches that make the demo shop misbehave the way real retailers do, for tests and demos. */
export const faultSchema = z.strictObject({
  type: z.enum([
    'slow',
    'http500',
    'captcha',
    'layout',
    'redirect',
    'beacon',
    'inject',
    'navigate',
    'asset',
    'bot',
    // Search results in another order on every request (a personalised or A/B-tested shelf): two
    // reads of one page disagree, and ranks read several times a day spread.
    'shuffle',
  ]),
  /** Only this market ("fr"); every market when absent. */
  market: z.string().optional(),
  /** Only paths containing this text ("/search", "/c/mascara"), or exactly it with a final "$" ("/us/$"); every page when absent. */
  path: z.string().optional(),
  /** Fire this many times, then stop; forever when absent. */
  times: z.number().int().min(1).optional(),
  /** For "slow": how long each response waits. */
  delayMs: z.number().int().min(0).max(120_000).default(2_000),
  /** For "captcha" and "bot": the HTTP status the wall comes with (bot walls often answer 403, 429 or 503). */
  status: z.number().int().min(200).max(599).default(200),
  /** For "bot": the share of client addresses on its list (0 to 1); a visitor from one of them is walled. */
  burned: z.number().min(0).max(1).default(0.5),
  /** For "bot": client addresses walled whatever `burned` says (a list the defence keeps). */
  addresses: z.array(z.string()).default([]),
  /** For "captcha" and "bot": a Retry-After (seconds) sent with the wall. */
  retryAfter: z.number().int().min(0).max(3600).optional(),
  /** For "redirect" (HTTP 302 there) and "beacon" (the page's script and an image call it): a hostile page. */
  to: z.string().optional(),
  /** For "inject": HTML added at the end of the page's body (a hostile page's own script). */
  html: z.string().optional(),
  /** For "navigate": how the page sends itself to `to` once loaded. */
  via: z.enum(['script', 'meta']).default('script'),
  /** For "asset": what the path answers (a script a hostile page loads, e.g. a service worker). */
  body: z.string().optional(),
  contentType: z.string().default('text/javascript; charset=utf-8'),
});
export type Fault = z.input<typeof faultSchema>;
type ActiveFault = z.output<typeof faultSchema> & { fired: number };

export class FaultSwitches {
  #active: ActiveFault[] = [];

  add(fault: Fault): void {
    this.#active.push({ ...faultSchema.parse(fault), fired: 0 });
  }

  clear(): void {
    this.#active = [];
  }

  list(): ReadonlyArray<ActiveFault> {
    return this.#active;
  }

  /** The faults that apply to one request; each counts as fired once. */
  take(market: string, pathname: string): ActiveFault[] {
    const hits = this.#active.filter(
      (fault) =>
        (!fault.market || fault.market === market) &&
        matchesPath(fault.path, pathname) &&
        (fault.times === undefined || fault.fired < fault.times),
    );
    for (const fault of hits) fault.fired += 1;
    return hits;
  }
}

function matchesPath(pattern: string | undefined, pathname: string): boolean {
  if (!pattern) return true;
  return pattern.endsWith('$') ? pathname === pattern.slice(0, -1) : pathname.includes(pattern);
}
