import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

interface SourceMap {
  sources: string[];
  names: string[];
  mappings: string;
}

/**
 * Keeps the source map's mappings into shelfwatch's own code and drops those into node_modules.
 * Stack traces through our code still point at the TypeScript line; the map shrinks by more than
 * half, which is what keeps the scrape bundle under 1 MB zipped.
 */
export function keepOwnSources(json: string): string {
  const map = JSON.parse(json) as SourceMap;
  const sourceIndex = new Map<number, number>();
  const sources: string[] = [];
  map.sources.forEach((source, index) => {
    if (source.split('/').includes('node_modules')) return;
    sourceIndex.set(index, sources.length);
    sources.push(source);
  });
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const lines = decode(map.mappings).map((line) =>
    line.flatMap((segment): SourceMapSegment[] => {
      if (segment.length === 1) return [];
      const source = sourceIndex.get(segment[1]);
      if (source === undefined) return [];
      if (segment.length === 4) return [[segment[0], source, segment[2], segment[3]]];
      let name = nameIndex.get(segment[4]);
      if (name === undefined) {
        name = names.length;
        names.push(map.names[segment[4]] ?? '');
        nameIndex.set(segment[4], name);
      }
      return [[segment[0], source, segment[2], segment[3], name]];
    }),
  );
  return JSON.stringify({ ...map, sources, names, mappings: encode(lines) });
}
