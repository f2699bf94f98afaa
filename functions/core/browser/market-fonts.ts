import { access, copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The Chromium of @sparticuz/chromium ships one Latin font and pages' web fonts are blocked, so a
 * Japanese, Korean, Chinese, Thai, Arabic or Hebrew page would be drawn as empty boxes in its
 * evidence screenshot. These Noto Sans faces (regular weight, from npm's @expo-google-fonts
 * packages, OFL) cover the scripts the markets use: about 22 MB.
 */
export const MARKET_FONTS = [
  '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
  '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
] as const;

/** Where the layer puts them on Lambda (/opt/fonts), a folder @sparticuz/chromium's fonts.conf reads. */
export const LAYER_FONTS_DIR = '/opt/fonts';

export type FontSource = 'layer' | 'copied' | 'present' | 'missing';

/** The installed font files, found from this module (node_modules); the ones not installed are left out. */
export function installedFontFiles(from?: string): string[] {
  let require: NodeJS.Require;
  try {
    require = createRequire(from ?? import.meta.url);
  } catch {
    return []; // a bundle without a module address (the deployed function): its fonts come from the layer
  }
  return MARKET_FONTS.flatMap((file) => {
    try {
      return [require.resolve(file)];
    } catch {
      return [];
    }
  });
}

/**
 * Makes the market fonts visible to the bundled Chromium before it starts: on Lambda the layer's
 * /opt/fonts already has them; elsewhere they are copied once from node_modules into /tmp/fonts
 * (the other folder its fonts.conf reads). Says where they came from; `missing` draws boxes.
 */
export async function provideMarketFonts(
  options: { layerDir?: string; tmpFontsDir?: string; files?: string[] } = {},
): Promise<FontSource> {
  const layerDir = options.layerDir ?? LAYER_FONTS_DIR;
  const inLayer = await readdir(layerDir).catch(() => [] as string[]);
  if (inLayer.some((name) => name.endsWith('.ttf'))) return 'layer';
  const files = options.files ?? installedFontFiles();
  if (files.length === 0) return 'missing';
  const target = path.join(options.tmpFontsDir ?? path.join(tmpdir(), 'fonts'), 'market');
  await mkdir(target, { recursive: true });
  let copied = 0;
  for (const file of files) {
    const to = path.join(target, path.basename(file));
    const present = await access(to).then(
      () => true,
      () => false,
    );
    if (present) continue;
    // Copied under a temporary name, then renamed: a browser starting meanwhile never reads half a font.
    await copyFile(file, `${to}.part`);
    await rename(`${to}.part`, to);
    copied += 1;
  }
  return copied > 0 ? 'copied' : 'present';
}
