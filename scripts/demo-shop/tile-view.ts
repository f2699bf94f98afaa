/** What a product tile shows; rendered by assets/tile-markup.js on the server and in the browser alike. */
export interface TileView {
  sku: string;
  name: string;
  brand: string;
  price: string;
  href: string;
  sponsored: boolean;
  sponsoredLabel: string;
  /** "v2" is the redesign a fault switch rolls out: every class name changes, so selectors miss. */
  layout: 'v1' | 'v2';
}
