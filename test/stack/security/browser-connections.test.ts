import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLauncher, type GuardedLauncher } from '../../../functions/core/browser/guarded-launcher.ts';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { readPage } from '../../../functions/core/page/read-page.ts';
import type { PageOutcome } from '../../../functions/core/page/types.ts';
import { createRequestGuard } from '../../../functions/core/security/request-guard.ts';
import { createCanaries } from '../../support/canary.ts';
import { useDemoShop } from '../../support/demo.ts';

/**
 * Every connection a page's JavaScript can make, to canaries on 127.0.0.1 and [::1]. Each API gets
 * canaries of its own, so a hit names the API that leaked. The same hostile page is read twice:
 * by a browser without the guard (the control: every API below does reach its canary there, so the
 * case is real) and by the scraper's guarded browser, where no canary may see a single connection
 * or datagram and the guarding proxy must have refused each TCP attempt (so it was made, and stopped).
 */
type Api = {
  name: string;
  transport: 'tcp' | 'udp';
  script: (target: string) => string;
  serve?: (target: string) => string;
};

const rtc = (iceServers: string) =>
  `{const pc=new RTCPeerConnection({iceServers:[${iceServers}]});pc.createDataChannel('d');pc.createOffer().then((o)=>pc.setLocalDescription(o));}`;
const link = (rel: string, href: string) =>
  `{const l=document.createElement('link');l.rel='${rel}';l.href='${href}';document.head.append(l);}`;

const APIS: Api[] = [
  { name: 'fetch', transport: 'tcp', script: (t) => `fetch('http://${t}/').catch(()=>{});` },
  {
    name: 'fetch over https (a CONNECT tunnel)',
    transport: 'tcp',
    script: (t) => `fetch('https://${t}/').catch(()=>{});`,
  },
  {
    name: 'XMLHttpRequest',
    transport: 'tcp',
    script: (t) => `{const x=new XMLHttpRequest();x.open('GET','http://${t}/');x.send();}`,
  },
  { name: 'an image', transport: 'tcp', script: (t) => `new Image().src='http://${t}/pixel.gif';` },
  { name: 'WebSocket', transport: 'tcp', script: (t) => `try{new WebSocket('ws://${t}/')}catch(e){}` },
  {
    name: 'WebSocket in a Worker',
    transport: 'tcp',
    script: (t) =>
      `new Worker(URL.createObjectURL(new Blob(["try{new WebSocket('ws://${t}/')}catch(e){}"],{type:'text/javascript'})));`,
  },
  {
    name: 'fetch in a SharedWorker',
    transport: 'tcp',
    script: (t) =>
      `new SharedWorker(URL.createObjectURL(new Blob(["fetch('http://${t}/').catch(()=>{})"],{type:'text/javascript'})));`,
  },
  {
    name: 'fetch in a service worker',
    transport: 'tcp',
    script: (t) => `navigator.serviceWorker.register('/us/sw-${t.replace(/\W/g, '')}.js').catch(()=>{});`,
    serve: (t) => `fetch('http://${t}/').catch(()=>{});`,
  },
  { name: 'window.open (a new target)', transport: 'tcp', script: (t) => `window.open('http://${t}/popup');` },
  {
    name: 'an iframe',
    transport: 'tcp',
    script: (t) => `{const f=document.createElement('iframe');f.src='http://${t}/';document.body.append(f);}`,
  },
  { name: 'navigator.sendBeacon', transport: 'tcp', script: (t) => `navigator.sendBeacon('http://${t}/','x');` },
  { name: 'EventSource', transport: 'tcp', script: (t) => `new EventSource('http://${t}/');` },
  { name: 'a module import()', transport: 'tcp', script: (t) => `import('http://${t}/m.js').catch(()=>{});` },
  {
    name: 'a stylesheet @import',
    transport: 'tcp',
    script: (t) =>
      `{const s=document.createElement('style');s.textContent='@import url(http://${t}/x.css);';document.head.append(s);}`,
  },
  {
    name: 'media (an audio element)',
    transport: 'tcp',
    script: (t) =>
      `{const a=document.createElement('audio');a.src='http://${t}/a.mp3';a.preload='auto';document.body.append(a);}`,
  },
  {
    name: 'a form posted into an iframe',
    transport: 'tcp',
    script: (t) =>
      `{const f=document.createElement('iframe');f.name='sink${t.replace(/\W/g, '')}';document.body.append(f);const form=document.createElement('form');form.method='post';form.action='http://${t}/';form.target='sink${t.replace(/\W/g, '')}';document.body.append(form);form.submit();}`,
  },
  { name: 'link rel=prefetch', transport: 'tcp', script: (t) => link('prefetch', `http://${t}/next`) },
  {
    name: 'WebRTC TURN over TCP',
    transport: 'tcp',
    script: (t) => rtc(`{urls:'turn:${t}?transport=tcp',username:'u',credential:'p'}`),
  },
  { name: 'WebRTC STUN (UDP)', transport: 'udp', script: (t) => rtc(`{urls:'stun:${t}'}`) },
  {
    name: 'WebTransport (HTTP/3 over QUIC, UDP)',
    transport: 'udp',
    script: (t) => `try{new WebTransport('https://${t}/').ready.catch(()=>{})}catch(e){}`,
  },
  {
    name: 'WebRTC TURN over UDP',
    transport: 'udp',
    script: (t) => rtc(`{urls:'turn:${t}?transport=udp',username:'u',credential:'p'}`),
  },
];
const HOSTS = ['127.0.0.1', '::1'] as const;
const CASES = APIS.flatMap((api) => HOSTS.map((host) => ({ ...api, host, key: `${api.name} → ${host}` })));

const demo = useDemoShop();
const canaries = createCanaries();
const targets = new Map<string, string>();
const controlHits = new Map<string, number>();
const guardedHits = new Map<string, number>();
let launcher: GuardedLauncher;
let guarded: PageOutcome;
let refusedTargets: string[] = [];

async function readHostile(browser: Browser, refusalsSince?: GuardedLauncher['refusalsSince']): Promise<PageOutcome> {
  const base = demo.site('us');
  // Long enough for workers, popups, service workers and ICE gathering to try.
  const site = { ...base, render: 'chrome' as const, before: [{ wait: 2_500 }] };
  return readPage(
    { site, page: site.pages[0]!, keyword: 'mascara' },
    {
      browser: async () => browser,
      classify: createClassifier(demo.tracking),
      refusalsSince,
      // Nothing blocked by the tab itself: whatever stops a connection here is the guard.
      options: { screenshot: false, blockResources: false, settleTimeoutMs: 3_000 },
    },
  );
}

beforeAll(async () => {
  for (const item of CASES) targets.set(item.key, await canaries[item.transport](item.key, item.host));
  demo.shop.faults.add({
    type: 'inject',
    market: 'us',
    path: '/us/search',
    html: `<script>${CASES.map((item) => item.script(targets.get(item.key)!)).join('\n')}</script>`,
  });
  for (const item of CASES.filter((candidate) => candidate.serve)) {
    const target = targets.get(item.key)!;
    demo.shop.faults.add({
      type: 'asset',
      market: 'us',
      path: `/us/sw-${target.replace(/\W/g, '')}.js$`,
      body: item.serve!(target),
    });
  }

  const control = await launchBrowser();
  try {
    await readHostile(control);
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await control.close();
  }
  for (const item of CASES) controlHits.set(item.key, canaries.hits(item.key));
  canaries.reset();

  launcher = guardedLauncher(createRequestGuard({ allowedOrigins: [demo.shop.url] }));
  const browser = await launcher.launch();
  const since = Date.now();
  try {
    guarded = await readHostile(browser, launcher.refusalsSince);
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await browser.close();
  }
  for (const item of CASES) guardedHits.set(item.key, canaries.hits(item.key));
  refusedTargets = launcher.refusalsSince(since).map((refusal) => refusal.target);
}, 120_000);

afterAll(async () => {
  await launcher?.close();
  await canaries.close();
});

describe('Browser guard: no connection from a page reaches an internal address, whatever API opens it', () => {
  it.each(CASES.map((item) => [item.key, item] as const))('%s', (_key, item) => {
    // The control shows this API really connects when nothing guards the browser.
    expect(controlHits.get(item.key), 'unguarded, the canary is reached').toBeGreaterThan(0);
    expect(guardedHits.get(item.key), 'guarded, nothing gets through').toBe(0);
    if (item.transport === 'tcp')
      expect(refusedTargets, 'the proxy refused the attempt').toContain(targets.get(item.key));
  });

  it('the page itself is still read, and says what was refused while it was open', () => {
    expect(guarded.status).toBe('ok');
    expect(guarded.message).toMatch(/^refused \d+ connection\(s\) to internal addresses while the page was open: /);
  });
});
