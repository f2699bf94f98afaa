/** A number in [0, 1) that depends only on its inputs, so a day's rankings are the same on every run. */
export function seeded(...parts: string[]): number {
  // FNV-1a, then a murmur-style finaliser to spread nearby seeds apart.
  let hash = 0x811c9dc5;
  for (const char of parts.join('|')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}
