import path from 'node:path';
import { loadSelectorDir } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { readTemplate } from '../local/template.ts';
import { bundleFunctions, type BundledFunction } from './bundle-functions.ts';
import { buildLayer } from './build-layer.ts';
import { folderSizes, LIMITS, mb, sizeTable, type SizeRow } from './size-budget.ts';

export interface BuildOptions {
  rootDir: string;
  /** Function bundles go to <outDir>/<name>/ (template.yaml's CodeUri: dist/<name>/). */
  outDir: string;
  /** The layer goes here (template.yaml's ContentUri: layers/chromium/build/). */
  layerDir: string;
  log?: (line: string) => void;
}

export interface BuildResult {
  functions: BundledFunction[];
  sizes: SizeRow[];
  ok: boolean;
}

export class BuildError extends Error {
  override name = 'BuildError';
}

/** Validate selector files, bundle every function, build the Chromium layer, check the size budget. */
export async function buildAll(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => undefined);
  const selectors = await loadSelectorDir(path.join(options.rootDir, 'selectors'));
  if (selectors.problems.length > 0) {
    throw new BuildError(
      `selector files are broken; nothing was built:\n${selectors.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`,
    );
  }
  log(
    `selector files: ${selectors.sites.length} valid (${selectors.sites.map((site) => `${site.site}/${site.market}`).join(', ')})`,
  );
  const template = await readTemplate(path.join(options.rootDir, 'template.yaml'));
  const functions = await bundleFunctions(template.functions, options.rootDir, options.outDir);
  log(`bundled: ${functions.map((fn) => path.relative(options.rootDir, fn.dir)).join(', ')}`);
  const layer = await buildLayer(options.rootDir, options.layerDir);
  log(
    `layer: ${path.relative(options.rootDir, options.layerDir)} (${layer.packages.join(', ')}; fonts ${layer.fonts.join(', ')})`,
  );

  const layerSize = await folderSizes(options.layerDir);
  const sizes: SizeRow[] = [];
  for (const fn of functions) {
    const size = await folderSizes(fn.dir);
    sizes.push({
      part: `function ${fn.name}`,
      unzipped: size.unzipped,
      zipped: size.zipped,
      budget: `zip ≤ ${mb(LIMITS.functionZipTarget)}`,
      ok: size.zipped <= LIMITS.functionZipTarget,
    });
  }
  sizes.push({
    part: 'layer chromium',
    unzipped: layerSize.unzipped,
    zipped: layerSize.zipped,
    budget: `zip > ${mb(LIMITS.directUploadZip)}: uploaded via S3`,
    ok: true,
  });
  const scrape = sizes.find((row) => row.part === 'function scrape');
  if (scrape) {
    const total = scrape.unzipped + layerSize.unzipped;
    sizes.push({
      part: 'scrape + layer',
      unzipped: total,
      zipped: 0,
      budget: `unzipped ≤ ${mb(LIMITS.unzippedWithLayers)}`,
      ok: total <= LIMITS.unzippedWithLayers,
    });
  }
  log(sizeTable(sizes));
  return { functions, sizes, ok: sizes.every((row) => row.ok) };
}
