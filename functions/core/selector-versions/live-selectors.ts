import { readSelectorFiles, type SelectorSet } from '../selectors/load.ts';
import { loadFiles, versionCache, type VersionCacheOptions } from './version-cache.ts';
import { currentVersion } from '../store/selector-versions.ts';

export interface LiveSelectors {
  /**
   * The live version and its files: what a run is planned with. Asks the table which is live (one
   * read) at most every `recheckMs`. A stack with no version yet is seeded when `seed` is given,
   * else gets the bundled files (version null).
   */
  current(): Promise<{ version: number | null; set: SelectorSet }>;
  /** Exactly that version (a job is read with the version its run was planned with). */
  ofVersion(version: number): Promise<SelectorSet>;
}

export interface LiveSelectorsOptions extends VersionCacheOptions {
  /** The selector files the function was built with. */
  bundledDir: string;
  /** How long the live version's number is trusted before it is asked again (0: every time). */
  recheckMs?: number;
  /** Makes version 1 from the bundled files when the stack has none (the fan-out's job: readers need not write). */
  seed?: (bundledDir: string) => Promise<void>;
  now?: () => number;
}

/**
 * The selector files as the stack holds them (docs/selector-files.md#live-selector-files): pushed
 * versions, immutable, one of them live. The first run on a stack seeds version 1 from the bundled
 * files, so a new deploy works at once and every later change is a push.
 */
export function liveSelectors(options: LiveSelectorsOptions): LiveSelectors {
  const ofVersion = versionCache(options);
  const now = options.now ?? Date.now;
  let known: { version: number; at: number } | null = null;
  let bundled: Promise<SelectorSet> | undefined;

  const liveNumber = async (): Promise<number | null> => {
    if (known && now() - known.at < (options.recheckMs ?? 0)) return known.version;
    let current = await currentVersion(options.tableName);
    if (!current && options.seed) {
      await options.seed(options.bundledDir);
      current = await currentVersion(options.tableName);
    }
    if (!current) return null;
    known = { version: current.version, at: now() };
    return current.version;
  };

  return {
    async current() {
      const version = await liveNumber();
      if (version !== null) return { version, set: await ofVersion(version) };
      bundled ??= readSelectorFiles(options.bundledDir).then((files) => loadFiles(files, options.bundledDir, options));
      return { version, set: await bundled };
    },
    ofVersion,
  };
}
