import type { BuildOptions } from 'esbuild';

/** Packages the functions load from a Lambda layer at run time, never bundled. */
export const LAYER_PACKAGES = ['@sparticuz/chromium'];

/**
 * The esbuild settings, written once for every function. CommonJS output: Lambda resolves layer
 * packages (/opt/nodejs/node_modules) through NODE_PATH, which only require() honours.
 */
export const FUNCTION_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  treeShaking: true,
  metafile: true,
  legalComments: 'none',
  external: LAYER_PACKAGES,
  logLevel: 'silent',
};
