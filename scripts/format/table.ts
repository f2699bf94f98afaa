/** Plain-text tables for the terminal: columns padded, long cells cut with "…". */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right';
  max?: number;
}

export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => clip(String(column.value(row) ?? '–'), column.max ?? 60)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => width(row[index] ?? ''))),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) =>
        columns[index]?.align === 'right' ? padStart(value, widths[index] ?? 0) : padEnd(value, widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    line(widths.map((w) => '─'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}%`;
}

function clip(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/** East-Asian wide characters take two terminal cells. */
function width(text: string): number {
  let cells = 0;
  for (const char of text)
    cells += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return cells;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}
