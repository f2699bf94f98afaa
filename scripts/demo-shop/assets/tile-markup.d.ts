import type { TileView } from '../tile-view.ts';
export function tileMarkup(tile: TileView): string;
