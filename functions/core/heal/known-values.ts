import { normalise } from './find-tiles.ts';

/** The fields a fix can check against what the last good day showed. */
export const CHECKED_FIELDS = ['name', 'brand', 'url', 'price'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

/** Brands compare as the classifier does: case, accents and punctuation aside. */
export function sameBrand(a: string, b: string): boolean {
  const key = (text: string) =>
    normalise(text)
      .normalize('NFD')
      .replace(/[^\p{L}\p{N}]/gu, '');
  return key(a) !== '' && key(a) === key(b);
}
