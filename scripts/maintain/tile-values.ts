import { renderTable } from '../format/table.ts';
import { priceAmounts } from '../../functions/core/extract/price.ts';
import type { Probe } from './probe-selectors.ts';

/**
 * `try --all`: every tile's value of every field, one row per tile, so a selector that reads the
 * wrong element from tile 4 on shows. A field missing on some tiles and not others is named.
 */
export function formatTileValues(probes: Probe[]): string {
  const blocks: string[] = [];
  for (const [index, probe] of probes.entries()) {
    if (probe.role !== 'items' || probe.matches === 0) continue;
    const fields: Probe[] = [];
    for (const next of probes.slice(index + 1)) {
      if (next.role !== 'field') break;
      fields.push(next);
    }
    if (!fields.length) continue;
    const rows = Array.from({ length: probe.matches }, (_unused, tile) => tile);
    const name = (field: Probe) => field.path.split('.').at(-1)!;
    blocks.push(
      `${probe.path}: every tile (${probe.matches})\n${renderTable(rows, [
        { header: '#', value: (tile) => tile + 1, align: 'right' },
        ...fields.map((field) => ({
          header: name(field),
          value: (tile: number) => field.values?.[tile] ?? '—',
          max: 36,
        })),
      ])}`,
    );
    for (const field of fields) {
      const missing = (field.values ?? []).flatMap((value, tile) => (value === null ? [tile + 1] : []));
      if (missing.length && missing.length < probe.matches)
        blocks.push(
          `  ~ ${field.path} found nothing in ${missing.length} of ${probe.matches} tiles: #${missing.slice(0, 12).join(', #')}${missing.length > 12 ? ', …' : ''}`,
        );
    }
  }
  return blocks.join('\n');
}

/** A field that read a value in some items and not in others: worth a look even when the count is not zero. */
export const partial = (probe: Probe) =>
  probe.role === 'field' && probe.of !== undefined && probe.matches > 0 && probe.matches < probe.of;

/** A price field whose text holds more than one amount on some tiles (was/now): named, with an example. */
export function priceWarnings(probes: Probe[]): string[] {
  return probes.flatMap((probe) => {
    if (probe.role !== 'field' || !probe.path.endsWith('fields.price')) return [];
    const doubled = (probe.values ?? []).filter((value) => priceAmounts(value) > 1);
    return doubled.length
      ? [
          `~ ${probe.path} holds more than one amount in ${doubled.length} of ${probe.of} tiles ("${doubled[0]}"): the first is read; give alternatives, the price shoppers pay first`,
        ]
      : [];
  });
}
