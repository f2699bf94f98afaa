import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { chromiumExecutable, loadChromium } from './chromium-binary.ts';
import { provideMarketFonts } from './market-fonts.ts';

/** The market fonts are put in place once per process, after Chromium (and its fonts.conf) is unpacked. */
let fonts: Promise<unknown> | undefined;
const fontsOnce = () =>
  (fonts ??= provideMarketFonts().then((source) => {
    if (source === 'missing')
      console.warn(
        'market fonts not found (fonts layer or @expo-google-fonts packages): non-Latin text shows as boxes',
      );
  }));

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

/**
 * Every connection through the guarding proxy: loopback too (Chromium bypasses proxies for it
 * unless told `<-loopback>`), WebRTC only over proxied transports (no UDP of its own, so no STUN or
 * TURN packets to anywhere), no QUIC (which cannot be proxied).
 */
export function proxyArgs(proxyUrl: string): string[] {
  return [
    `--proxy-server=${proxyUrl}`,
    '--proxy-bypass-list=<-loopback>',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--disable-quic',
  ];
}

export interface LaunchOptions {
  /** A Chrome binary to use instead of @sparticuz/chromium (e.g. /usr/bin/chromium). */
  chromePath?: string | undefined;
  /** The guarding proxy every connection goes through (see security/guard-proxy.ts). */
  proxyUrl?: string | undefined;
  /** The fontconfig folder of the bundled Chromium (default: /tmp/fonts, as on Lambda). */
  fontconfigPath?: string | undefined;
}

/**
 * Starts headless Chromium: @sparticuz/chromium (from the Lambda layer, or node_modules locally) unless
 * CHROME_PATH names another binary. The package is loaded lazily so bundles can leave it external.
 * DevTools talks over a pipe, not a port a page could reach, and the browser exits with its parent.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const chromePath = options.chromePath ?? process.env.CHROME_PATH;
  const guarded = options.proxyUrl ? proxyArgs(options.proxyUrl) : [];
  if (chromePath) {
    return puppeteer.launch({
      executablePath: chromePath,
      args: [...SYSTEM_CHROME_ARGS, ...guarded],
      headless: true,
      pipe: true,
    });
  }
  const executablePath = await chromiumExecutable();
  await fontsOnce();
  // Its own fonts.conf, as on Lambda (where the package sets FONTCONFIG_PATH itself), so a local
  // run draws with exactly the fonts the deployed function has, not the machine's.
  const fontconfig = options.fontconfigPath ?? process.env.FONTCONFIG_PATH ?? path.join(tmpdir(), 'fonts');
  return puppeteer.launch({
    executablePath,
    args: [...loadChromium().args, ...guarded],
    headless: true,
    pipe: true,
    env: { ...process.env, FONTCONFIG_PATH: fontconfig },
  });
}
