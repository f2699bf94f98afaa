import { access, cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { installedFontFiles, MARKET_FONTS } from '../../functions/core/browser/market-fonts.ts';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/**
 * The Chromium layer in the layout Lambda expects: `<layerDir>/nodejs/node_modules/<package>`, with
 * each package's production dependencies, copied from the installed node_modules (no network).
 * The version must match layers/chromium/package.json. The market fonts come along in `fonts/`.
 */
export async function buildLayer(rootDir: string, layerDir: string): Promise<{ packages: string[]; fonts: string[] }> {
  const manifest = JSON.parse(
    await readFile(path.join(rootDir, 'layers/chromium/package.json'), 'utf8'),
  ) as PackageJson;
  const modulesDir = path.join(layerDir, 'nodejs', 'node_modules');
  await rm(layerDir, { recursive: true, force: true });
  await mkdir(modulesDir, { recursive: true });
  const copied = new Map<string, string>();
  const visit = async (name: string, wanted: string | undefined, from: string) => {
    const manifestPath = await findManifest(name, from);
    const pkg = JSON.parse(await readFile(manifestPath, 'utf8')) as PackageJson;
    if (wanted && /^\d/.test(wanted) && pkg.version !== wanted) {
      throw new Error(
        `layers/chromium/package.json wants ${name}@${wanted} but ${pkg.version} is installed: run npm ci`,
      );
    }
    if (copied.has(name)) return;
    copied.set(name, pkg.version);
    const packageDir = path.dirname(manifestPath);
    // Dependencies are laid out flat beside it, as npm would; its own nested node_modules are not copied.
    await cp(packageDir, path.join(modulesDir, name), {
      recursive: true,
      filter: (source) => !path.relative(packageDir, source).split(path.sep).includes('node_modules'),
    });
    for (const dependency of Object.keys(pkg.dependencies ?? {})) await visit(dependency, undefined, packageDir);
  };
  for (const [name, version] of Object.entries(manifest.dependencies ?? {})) await visit(name, version, rootDir);
  // The market fonts go to <layer>/fonts, which Lambda mounts at /opt/fonts, where Chromium's fonts.conf looks.
  const fonts = installedFontFiles(path.join(rootDir, 'package.json'));
  if (fonts.length < MARKET_FONTS.length)
    throw new Error('the market fonts (@expo-google-fonts/*) are not installed: run npm ci');
  await mkdir(path.join(layerDir, 'fonts'), { recursive: true });
  for (const file of fonts) await cp(file, path.join(layerDir, 'fonts', path.basename(file)));
  return {
    packages: [...copied].map(([name, version]) => `${name}@${version}`),
    fonts: fonts.map((file) => path.basename(file)),
  };
}

/** Node's lookup, by hand: packages may not export their package.json. */
async function findManifest(name: string, from: string): Promise<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    try {
      await access(candidate);
      return candidate;
    } catch {
      if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (looked up from ${from}): run npm ci`);
    }
  }
}
