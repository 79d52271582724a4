/**
 * Markdown tables with padded columns: the same text reads well in the terminal and renders in
 * RESULTS.md.
 */

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, c) =>
    Math.max(3, column.header.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const cell = (text: string, c: number): string =>
    columns[c].align === 'right' ? text.padStart(widths[c]) : text.padEnd(widths[c]);
  const line = (cells: readonly string[]): string =>
    `| ${columns.map((_, c) => cell(cells[c] ?? '', c)).join(' | ')} |`;
  const rule = `| ${columns
    .map((column, c) =>
      column.align === 'right' ? `${'-'.repeat(widths[c] - 1)}:` : '-'.repeat(widths[c]),
    )
    .join(' | ')} |`;
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}
