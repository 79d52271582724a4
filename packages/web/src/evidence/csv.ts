/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends, a field quoted when it holds a comma,
 * a quote or a line break (its quotes doubled). Numbers are written as JavaScript's shortest
 * round-trip form, so the file holds the API's full precision (the screen rounds; the file does
 * not); a missing value is an empty field.
 */
export type Cell = string | number | boolean | null;

export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? numberText(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  // String(1e-7) is "1e-7": spreadsheets read it, and it round-trips exactly.
  return String(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * `evidence-clinic-adverse-events-2026-12-05.csv`: the scope, the table and the day of the data
 * (the pooled snapshot's day, or the clinic's today for its live records).
 */
export function csvFileName(scope: string, table: string, day: string): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `evidence-${slug(scope)}-${slug(table)}-${day}.csv`;
}
