import { describe, expect, it } from 'vitest';
import { parseProxyPool, redactor, secretsOf, sessionProxyUrl } from '../../../functions/core/sessions/proxy-pool.ts';

describe('parseProxyPool', () => {
  it.each([
    ['one per line, comments skipped', 'http://a:pw1@p1:8000\n# spare\nhttp://a:pw2@p2:8000\n', 2],
    ['comma-separated', 'http://a:pw1@p1:8000, http://a:pw2@p2:8000', 2],
    ['a JSON list', '["http://a:pw1@p1:8000","https://p2:8443"]', 2],
  ])('a list: %s', (_title, text, count) => {
    const pool = parseProxyPool('env:X', text);
    expect(pool).toMatchObject({ kind: 'list' });
    expect(pool.kind === 'list' && pool.urls).toHaveLength(count);
  });

  it('a provider URL with {session} is a template, each session named in it', () => {
    const pool = parseProxyPool('ssm:/shelfwatch/proxies/de', 'http://user-session-{session}:s3cret@gw.example:7000');
    expect(pool.kind).toBe('template');
    expect(sessionProxyUrl(pool, 'abc123', 0)).toBe('http://user-session-abc123:s3cret@gw.example:7000');
  });

  it('a list hands out its URLs in turn, one per new session', () => {
    const pool = parseProxyPool('env:X', 'http://p1:1\nhttp://p2:2');
    expect([0, 1, 2].map((serial) => sessionProxyUrl(pool, 'x', serial))).toEqual([
      'http://p1:1',
      'http://p2:2',
      'http://p1:1',
    ]);
  });

  it.each([
    ['empty', '  \n', /is empty/],
    ['not a URL', 'http://a:hunter22@p1:8000\nnot a url', /entry 2 is not a URL/],
    ['not http(s)', 'socks5://a:hunter22@p1:1080', /entry 1 is not an http\(s\) proxy URL/],
    ['a template among others', 'http://u-{session}:hunter22@p:1\nhttp://p2:2', /stands alone/],
    ['broken JSON', '["http://a:hunter22@p1:8000"', /JSON list that does not parse/],
    ['JSON of another shape', '{"url":"http://a:hunter22@p1:8000"}', /is not a URL|JSON list/],
  ])('refuses %s, naming the reference and never the entry', (_title, text, message) => {
    let error: Error | undefined;
    try {
      parseProxyPool('env:SHELFWATCH_PROXY', text);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain('env:SHELFWATCH_PROXY');
    expect(error?.message).not.toContain('hunter22');
  });
});

describe('secretsOf and redactor', () => {
  it('hide every entry, password (raw and decoded) and account name, whatever text carries them', () => {
    const pool = parseProxyPool('env:X', 'http://acct-77-session-{session}:p%40ss-word@gw.example:7000');
    const redact = redactor([...secretsOf(pool), sessionProxyUrl(pool, 'abc', 0)]);
    const texts = [
      'connect failed: http://acct-77-session-abc:p%40ss-word@gw.example:7000',
      'Proxy-Authorization for acct-77-session-abc with p@ss-word',
      'upstream said p%40ss-word',
    ];
    for (const text of texts.map(redact)) {
      expect(text).not.toContain('p@ss-word');
      expect(text).not.toContain('p%40ss-word');
      expect(text).not.toContain('acct-77-');
    }
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
