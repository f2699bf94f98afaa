import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { TemplateFunction } from '../local/template.ts';
import { FUNCTION_BUILD_OPTIONS } from './esbuild-options.ts';
import { keepOwnSources } from './own-sourcemap.ts';
import { trimPlugin } from './trim-plugin.ts';

export interface BundledFunction {
  name: string;
  dir: string;
  /** The source files esbuild put in the bundle: what the function can do is in these. */
  inputs: string[];
}

/**
 * Bundles each function of the template into `<outDir>/<name>/` (handler.js, its source map, and a
 * copy of the selector files, which the function reads at cold start).
 */
export async function bundleFunctions(
  functions: TemplateFunction[],
  rootDir: string,
  outDir: string,
): Promise<BundledFunction[]> {
  const bundled: BundledFunction[] = [];
  for (const fn of functions) {
    const dir = path.join(outDir, fn.name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const [file] = fn.handler.split('.');
    const result = await build({
      ...FUNCTION_BUILD_OPTIONS,
      absWorkingDir: rootDir,
      entryPoints: [path.join(rootDir, 'functions', fn.name, 'handler.ts')],
      outfile: path.join(dir, `${file}.js`),
      plugins: [trimPlugin()],
    });
    const mapFile = path.join(dir, `${file}.js.map`);
    await writeFile(mapFile, keepOwnSources(await readFile(mapFile, 'utf8')));
    // The repository's package.json says "module"; the bundle is CommonJS wherever it is unpacked.
    await writeFile(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    await cp(path.join(rootDir, 'selectors'), path.join(dir, 'selectors'), { recursive: true });
    bundled.push({ name: fn.name, dir, inputs: Object.keys((result.metafile as Metafile).inputs) });
  }
  return bundled;
}
