import { describe, expect, it } from 'vitest';
import { createRequestGuard, isInternalAddress } from '../../../functions/core/security/request-guard.ts';

// Names resolve through this table, never the network.
const DNS: Record<string, string[]> = {
  'shop.example': ['93.184.215.14'],
  'rebind.example': ['93.184.215.14', '10.0.0.5'],
  localhost: ['127.0.0.1', '::1'],
  'metadata.google.internal': ['169.254.169.254'],
};
const guard = createRequestGuard({
  allowedOrigins: ['http://127.0.0.1:4010'],
  resolve: async (host) => DNS[host] ?? [],
});

describe('Request guard (SSRF)', () => {
  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/iam/'],
    ['the metadata service by name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['loopback', 'http://127.0.0.1:8080/admin'],
    ['loopback elsewhere in 127/8', 'http://127.8.9.10/'],
    ['loopback by name', 'http://localhost:3000/'],
    ['loopback written as a number', 'http://2130706433/'],
    ['loopback in hex', 'http://0x7f.0.0.1/'],
    ['private 10/8', 'http://10.1.2.3/'],
    ['private 172.16/12', 'https://172.20.0.1/'],
    ['private 192.168/16', 'http://192.168.1.1/router'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unique local', 'http://[fd00::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 metadata', 'http://[::ffff:a9fe:a9fe]/'],
    ['a public name that also resolves to a private address', 'http://rebind.example/'],
    ['the demo shop on another port', 'http://127.0.0.1:4011/'],
    ['file://', 'file:///etc/passwd'],
    ['ftp://', 'ftp://shop.example/'],
    ['chrome://', 'chrome://settings'],
    ['a name that does not resolve', 'http://nowhere.invalid/'],
  ])('refuses %s', async (_title, url) => {
    const verdict = await guard(url);
    expect(verdict.allowed).toBe(false);
  });

  it.each([
    ['a public site', 'https://shop.example/fr/recherche?q=mascara'],
    ['the allowed demo shop origin', 'http://127.0.0.1:4010/fr/'],
    ['inline data', 'data:image/png;base64,AAAA'],
    ['a blank page', 'about:blank'],
  ])('allows %s', async (_title, url) => {
    expect(await guard(url)).toEqual({ allowed: true });
  });

  it('says why it refused', async () => {
    expect(await guard('http://169.254.169.254/')).toEqual({
      allowed: false,
      reason: 'http://169.254.169.254 is an internal address (169.254.169.254)',
    });
    expect(await guard('file:///etc/passwd')).toEqual({ allowed: false, reason: 'scheme file: is not http(s)' });
  });

  it('classifies addresses', () => {
    expect(['8.8.8.8', '2606:4700::1111', '93.184.215.14'].map(isInternalAddress)).toEqual([false, false, false]);
    expect(['100.64.0.1', '0.0.0.0', '::', '::ffff:10.0.0.1', '64:ff9b::a00:1'].map(isInternalAddress)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
