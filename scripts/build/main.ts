import path from 'node:path';
import { buildAll, BuildError } from './build.ts';

/** `npm run build`: what `sam deploy` uploads, checked against the size budget. */
const rootDir = process.cwd();
try {
  const result = await buildAll({
    rootDir,
    outDir: path.join(rootDir, 'dist'),
    layerDir: path.join(rootDir, 'layers/chromium/build'),
    log: (line) => console.log(line),
  });
  if (!result.ok) {
    console.error('\nbuild failed: over the size budget (see the table above)');
    process.exitCode = 1;
  } else {
    console.log('\nbuild ok: sam deploy can run now');
  }
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  console.error(`build failed: ${error.message}`);
  process.exitCode = 1;
}
