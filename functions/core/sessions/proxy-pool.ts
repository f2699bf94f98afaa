/**
 * A proxy pool as its secret holds it: a list of proxy URLs (one per line, comma-separated, or a
 * JSON array), or one provider URL with a `{session}` placeholder that names a session
 * (`http://user-session-{session}:pass@host:port`). Parsing never repeats an entry in an error:
 * entries hold credentials.
 */
export type ProxyPool = { kind: 'list'; urls: string[] } | { kind: 'template'; template: string };

export const SESSION_PLACEHOLDER = '{session}';

export function parseProxyPool(reference: string, text: string): ProxyPool {
  const entries = entriesOf(reference, text);
  if (entries.length === 0) throw new Error(`proxy pool ${reference} is empty`);
  entries.forEach((entry, index) => {
    let url: URL;
    try {
      url = new URL(entry.replaceAll(SESSION_PLACEHOLDER, 'session'));
    } catch {
      throw new Error(`proxy pool ${reference}: entry ${index + 1} is not a URL`);
    }
    if (!/^https?:$/.test(url.protocol) || !url.hostname)
      throw new Error(`proxy pool ${reference}: entry ${index + 1} is not an http(s) proxy URL with a host`);
  });
  const templates = entries.filter((entry) => entry.includes(SESSION_PLACEHOLDER));
  if (templates.length > 0 && entries.length > 1)
    throw new Error(`proxy pool ${reference}: a {session} URL stands alone (it names every session itself)`);
  return templates.length === 1 ? { kind: 'template', template: templates[0]! } : { kind: 'list', urls: entries };
}

/** The proxy a session goes through: its own name in a template, or the next URL of a list. */
export function sessionProxyUrl(pool: ProxyPool, sessionId: string, serial: number): string {
  return pool.kind === 'template'
    ? pool.template.replaceAll(SESSION_PLACEHOLDER, sessionId)
    : pool.urls[serial % pool.urls.length]!;
}

/** What must never be shown: each entry whole, and each password and user name in it. */
export function secretsOf(pool: ProxyPool): string[] {
  const entries = pool.kind === 'template' ? [pool.template] : pool.urls;
  return entries.flatMap((entry) => {
    const url = new URL(entry.replaceAll(SESSION_PLACEHOLDER, 'session'));
    const parts = [decodeURIComponent(url.password), url.password];
    // A template's user name carries the placeholder: its fixed part is the account name.
    const user = entry.match(/^[a-z]+:\/\/([^:@/]*)/i)?.[1] ?? '';
    const fixedUser = user.split(SESSION_PLACEHOLDER)[0] ?? '';
    return [entry, ...parts, ...(fixedUser.length >= 4 ? [fixedUser] : [])].filter((part) => part.length >= 4);
  });
}

function entriesOf(reference: string, text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error(`proxy pool ${reference}: a JSON list that does not parse`);
    }
    if (!Array.isArray(parsed) || parsed.some((entry) => typeof entry !== 'string'))
      throw new Error(`proxy pool ${reference}: expected a JSON list of URLs`);
    return (parsed as string[]).map((entry) => entry.trim()).filter(Boolean);
  }
  return trimmed
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry && !entry.startsWith('#'));
}

/** Replaces every secret in a text with `***`, longest first (a URL before the password inside it). */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const known = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return (text) => known.reduce((out, secret) => out.split(secret).join('***'), text);
}
