// Unpacks the layer's Chromium and the market fonts into this worker's TMPDIR (chromium-seed.ts).
import { parentPort } from 'node:worker_threads';
import { chromiumExecutable } from '../../../functions/core/browser/chromium-binary.ts';
import { provideMarketFonts } from '../../../functions/core/browser/market-fonts.ts';

await chromiumExecutable();
await provideMarketFonts();
parentPort!.postMessage('ready');
