import { useId } from 'react';
import { readable, tickLabel, tooWideToRead } from './readable';
import { linearScale, niceDomain } from './scale';
import type { EvidenceTable } from './tables';

const ROW_PX = 34;
const LABEL_PX = 150;
const N_PX = 70;
const AXIS_PX = 46;
/** Room above the first group for the n column's heading. */
const TOP_PX = 20;
const WIDTH_PX = 720;
const INK = '#1c4e80';
const GRID = '#dee2e6';

/**
 * A dot for each group's estimate with its 95 % interval as a whisker, and the group's n at the
 * right: plain SVG (no chart library: the screen draws a few dozen shapes). It scales to its
 * container's width. Its numbers are in the table beside it (the accessible alternative); the
 * SVG itself is one labelled image.
 */
export function IntervalChart({ table }: { table: EvidenceTable }) {
  const titleId = useId();
  const rows = table.chart;
  const { domain, ticks } = niceDomain(
    rows.flatMap((r) => [r.value, r.low, r.high].filter((v): v is number => v !== null)),
    // Zero on every axis: no effect, no event, no duration.
    [0],
  );
  const plotLeft = LABEL_PX;
  const plotRight = WIDTH_PX - N_PX;
  const x = linearScale(domain, [plotLeft, plotRight]);
  const height = TOP_PX + rows.length * ROW_PX + AXIS_PX;
  const plotBottom = TOP_PX + rows.length * ROW_PX;
  const tickText = (t: number) => tickLabel(t, table.unit);
  return (
    <svg
      viewBox={`0 0 ${WIDTH_PX} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={titleId}
      style={{ maxWidth: WIDTH_PX, display: 'block' }}
      data-chart={table.id}
    >
      <title
        id={titleId}
      >{`${table.title}: chart of ${table.axis}; the numbers are in the table below`}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={x(t)}
            x2={x(t)}
            y1={TOP_PX}
            y2={plotBottom}
            stroke={t === 0 ? '#868e96' : GRID}
          />
          <text x={x(t)} y={plotBottom + 16} fontSize={12} textAnchor="middle" fill="#495057">
            {tickText(t)}
          </text>
        </g>
      ))}
      <text
        x={(plotLeft + plotRight) / 2}
        y={plotBottom + 38}
        fontSize={12}
        textAnchor="middle"
        fill="#212529"
      >
        {table.axis}
      </text>
      <text x={WIDTH_PX - 4} y={14} fontSize={11} textAnchor="end" fill="#495057">
        n
      </text>
      {rows.map((row, i) => {
        const y = TOP_PX + i * ROW_PX + ROW_PX / 2;
        const wide = tooWideToRead(
          row.low === null ? null : { low: row.low, high: row.high },
          table.unit,
        );
        const highX = row.high === null ? plotRight : x(row.high);
        return (
          <g key={row.key} data-group={row.key}>
            <text x={LABEL_PX - 8} y={y + 4} fontSize={12} textAnchor="end" fill="#212529">
              {row.label}
            </text>
            {row.value === null ? (
              <text x={plotLeft + 6} y={y + 4} fontSize={11} fill="#495057" fontStyle="italic">
                {row.missing ?? 'no estimate'}
              </text>
            ) : (
              <>
                {row.low !== null && (
                  <>
                    <line
                      x1={x(row.low)}
                      x2={highX}
                      y1={y}
                      y2={y}
                      stroke={INK}
                      strokeWidth={2}
                      strokeDasharray={row.high === null ? '4 3' : undefined}
                    />
                    <line x1={x(row.low)} x2={x(row.low)} y1={y - 6} y2={y + 6} stroke={INK} />
                    {row.high !== null && (
                      <line x1={highX} x2={highX} y1={y - 6} y2={y + 6} stroke={INK} />
                    )}
                  </>
                )}
                <circle cx={x(row.value)} cy={y} r={5} fill={INK} />
                {wide && (
                  <text x={x(row.value)} y={y - 9} fontSize={10} textAnchor="middle" fill="#862e9c">
                    interval too wide to read
                  </text>
                )}
              </>
            )}
            <text x={WIDTH_PX - 4} y={y + 4} fontSize={12} textAnchor="end" fill="#212529">
              {readable(row.n, 'count')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
