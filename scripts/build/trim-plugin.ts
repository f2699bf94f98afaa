import path from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Keeps what the functions never run out of their bundles, so each stays under 1 MB zipped:
 * - puppeteer-core's browser *downloader* (@puppeteer/browsers' CLI, proxy agents, archive
 *   extraction) is imported at load time but only used to fetch browsers, which we never do:
 *   those modules become stubs that throw if called;
 * - chromium-bidi is only loaded for the WebDriver BiDi protocol; we speak CDP;
 * - zod ships every language's error messages; ours are English (and mostly our own).
 */
const STUBBED = ['proxy-agent', 'yargs', 'yargs/helpers', 'extract-zip', 'tar-fs'];

export function trimPlugin(): Plugin {
  return {
    name: 'shelfwatch-trim',
    setup(build) {
      build.onResolve({ filter: /^chromium-bidi(\/|$)/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${path.sep}zod${path.sep}`)
          ? { path: path.join(path.dirname(args.importer), '../locales/en.js') }
          : undefined,
      );
      build.onResolve(
        { filter: new RegExp(`^(${STUBBED.map((name) => name.replace('/', '\\/')).join('|')})$`) },
        (args) => ({ path: args.path, namespace: 'stub' }),
      );
      build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
        contents: `const unavailable = () => { throw new Error(${JSON.stringify(`${args.path} is not in this bundle: shelfwatch never downloads browsers`)}); };
export default unavailable; export const ProxyAgent = class { constructor() { unavailable(); } }; export const hideBin = unavailable; export const extract = unavailable; export const pack = unavailable;`,
        loader: 'js',
      }));
    },
  };
}
