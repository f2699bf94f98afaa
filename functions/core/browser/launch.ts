import { createRequire } from 'node:module';
import type { Browser } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

type Chromium = typeof import('@sparticuz/chromium').default;

/**
 * require(), not import(): on Lambda the package comes from the layer (/opt/nodejs/node_modules),
 * which Node finds through NODE_PATH, and only require() honours NODE_PATH.
 */
function loadChromium(): Chromium {
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  const loaded = require('@sparticuz/chromium') as Chromium | { default: Chromium };
  return 'default' in loaded ? loaded.default : loaded;
}

/** Flags for a system Chromium (CHROME_PATH): headless, no sandbox as root, no background traffic. */
const SYSTEM_CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchOptions {
  /** A Chrome binary to use instead of @sparticuz/chromium (e.g. /usr/bin/chromium). */
  chromePath?: string | undefined;
}

/**
 * Starts headless Chromium: @sparticuz/chromium (from the Lambda layer, or node_modules locally) unless
 * CHROME_PATH names another binary. The package is imported lazily so bundles can leave it external.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const chromePath = options.chromePath ?? process.env.CHROME_PATH;
  if (chromePath) {
    return puppeteer.launch({ executablePath: chromePath, args: SYSTEM_CHROME_ARGS, headless: true });
  }
  const chromium = loadChromium();
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
}
