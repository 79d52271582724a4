/**
 * A tornado chart as a standalone SVG (no dependency): one panel per output, one bar per input
 * from the output at the input's 5th percentile to its 95th (the others at their defaults),
 * around the nominal output, widest swing on top; the total Sobol index is written beside each bar.
 */
export interface TornadoBar {
  readonly label: string;
  /** Output with the input at its 5th and 95th percentile. */
  readonly low: number;
  readonly high: number;
  readonly totalIndex: number;
}

export interface TornadoPanel {
  readonly title: string;
  readonly nominal: number;
  readonly unit: string;
  readonly bars: readonly TornadoBar[];
}

const WIDTH = 760;
const LABEL_WIDTH = 200;
const INDEX_WIDTH = 70;
const BAR_HEIGHT = 16;
const GAP = 6;
const PANEL_TOP = 44;

export function tornadoSvg(panels: readonly TornadoPanel[], caption: string): string {
  const parts: string[] = [];
  let y = 28;
  parts.push(text(12, 18, caption, 'start', 13, 'bold'));
  for (const panel of panels) {
    const bars = [...panel.bars].sort(
      (a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low),
    );
    const lo = Math.min(panel.nominal, ...bars.map((b) => Math.min(b.low, b.high)));
    const hi = Math.max(panel.nominal, ...bars.map((b) => Math.max(b.low, b.high)));
    const plotLeft = LABEL_WIDTH + 10;
    const plotWidth = WIDTH - plotLeft - INDEX_WIDTH - 10;
    const x = (v: number) => plotLeft + ((v - lo) / (hi - lo || 1)) * plotWidth;
    parts.push(text(12, y + 16, panel.title, 'start', 13, 'bold'));
    parts.push(text(WIDTH - 12, y + 16, 'S_T', 'end', 12, 'bold'));
    const top = y + PANEL_TOP - 16;
    bars.forEach((bar, k) => {
      const by = top + k * (BAR_HEIGHT + GAP);
      parts.push(text(LABEL_WIDTH, by + BAR_HEIGHT - 4, bar.label, 'end', 12));
      // Below the nominal in one colour, above it in another: which way each end moves the output.
      for (const [value, colour] of [
        [bar.low, '#6b8fd6'],
        [bar.high, '#d6866b'],
      ] as const) {
        const a = x(Math.min(value, panel.nominal));
        const b = x(Math.max(value, panel.nominal));
        parts.push(
          `<rect x="${a.toFixed(1)}" y="${by}" width="${Math.max(0.5, b - a).toFixed(1)}" height="${BAR_HEIGHT}" fill="${colour}"/>`,
        );
      }
      parts.push(text(WIDTH - 12, by + BAR_HEIGHT - 4, bar.totalIndex.toFixed(2), 'end', 12));
    });
    const bottom = top + bars.length * (BAR_HEIGHT + GAP);
    const nx = x(panel.nominal);
    parts.push(
      `<line x1="${nx.toFixed(1)}" y1="${top - 4}" x2="${nx.toFixed(1)}" y2="${bottom}" stroke="#222" stroke-width="1"/>`,
    );
    parts.push(
      `<line x1="${plotLeft}" y1="${bottom + 2}" x2="${plotLeft + plotWidth}" y2="${bottom + 2}" stroke="#888" stroke-width="1"/>`,
    );
    for (const v of [lo, panel.nominal, hi]) {
      parts.push(text(x(v), bottom + 16, `${formatTick(v)}${panel.unit}`, 'middle', 11));
    }
    y = bottom + 34;
  }
  parts.push(
    text(
      12,
      y,
      'blue: input at its 5th percentile; orange: at its 95th; line: all at their defaults',
      'start',
      11,
    ),
  );
  const height = y + 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">
<title>${escapeText(caption)}</title>
<rect width="${WIDTH}" height="${height}" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}

function formatTick(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function text(
  x: number,
  y: number,
  content: string,
  anchor: string,
  size: number,
  weight = 'normal',
): string {
  const escaped = escapeText(content);
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-size="${size}" font-weight="${weight}" fill="#222">${escaped}</text>`;
}

function escapeText(content: string): string {
  return content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
