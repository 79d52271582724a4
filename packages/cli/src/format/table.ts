/**
 * A plain-text table: the first column left-aligned, the others right-aligned, a rule under the
 * header and before each row index listed in `ruleBefore`.
 */
export function formatTable(
  header: string[],
  rows: string[][],
  ruleBefore: number[] = [],
): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(header), rule];
  rows.forEach((row, k) => {
    if (ruleBefore.includes(k)) out.push(rule);
    out.push(line(row));
  });
  return out;
}
