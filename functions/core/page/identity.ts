import type { Browser } from 'puppeteer-core';
import type { IdentitySpec } from '../selectors/access-schema.ts';

/**
 * Who the scraper looks like to a site: the browser's own user agent (minus the "Headless" that
 * only a bot sends), the market's language first in Accept-Language, the market's timezone.
 */

/** What the bundled Chromium says it is, for a static fetch, which has no browser to ask. */
export const STATIC_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';

/** `fr-FR` → `fr-FR,fr;q=0.9,en;q=0.8`, as a browser set to that language sends it. Pure. */
export function acceptLanguage(locale: string): string {
  const language = locale.split('-')[0]!.toLowerCase();
  const parts = [locale];
  if (language !== locale.toLowerCase()) parts.push(`${language};q=0.9`);
  if (language !== 'en') parts.push('en;q=0.8');
  return parts.join(',');
}

/** A region's main timezone (the one most of its shoppers live in). */
const REGION_ZONES: Record<string, string> = {
  AE: 'Asia/Dubai',
  AT: 'Europe/Vienna',
  AU: 'Australia/Sydney',
  BE: 'Europe/Brussels',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  CH: 'Europe/Zurich',
  CN: 'Asia/Shanghai',
  CZ: 'Europe/Prague',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  EG: 'Africa/Cairo',
  ES: 'Europe/Madrid',
  FI: 'Europe/Helsinki',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  GR: 'Europe/Athens',
  HK: 'Asia/Hong_Kong',
  IE: 'Europe/Dublin',
  IL: 'Asia/Jerusalem',
  IN: 'Asia/Kolkata',
  IT: 'Europe/Rome',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  MX: 'America/Mexico_City',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  NZ: 'Pacific/Auckland',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  SA: 'Asia/Riyadh',
  SE: 'Europe/Stockholm',
  SG: 'Asia/Singapore',
  TH: 'Asia/Bangkok',
  TR: 'Europe/Istanbul',
  TW: 'Asia/Taipei',
  UK: 'Europe/London',
  US: 'America/New_York',
  ZA: 'Africa/Johannesburg',
};

/** The site's own timezone, or its locale's region's, or UTC for a locale without a known region. Pure. */
export function marketTimezone(locale: string, identity: Pick<IdentitySpec, 'timezone'> = {}): string {
  if (identity.timezone) return identity.timezone;
  const region = new Intl.Locale(locale).maximize().region;
  return (region && REGION_ZONES[region]) || 'UTC';
}

/** The browser's user agent as a person's Chrome sends it (asked once per browser). */
const userAgents = new WeakMap<Browser, Promise<string>>();
export function browserUserAgent(browser: Browser): Promise<string> {
  let agent = userAgents.get(browser);
  if (!agent) {
    agent = browser.userAgent().then((raw) => raw.replace('HeadlessChrome/', 'Chrome/'));
    userAgents.set(browser, agent);
  }
  return agent;
}
