import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { type ChartSpec, yRange } from './chartData.js';
import { formatNumber } from './format.js';
import { loadUplot } from './loadUplot.js';

const LINE = '#1c4e80';
const BAND = 'rgba(28, 78, 128, 0.18)';
const DAY_MARK = '#c92a2a';

/**
 * One course chart (uPlot, loaded on demand): the value over the days, the interval as a band
 * between its edges, and the slider's day marked. Its figures for the day are written out beside
 * it for screen readers and print.
 */
export function CourseChart({
  spec,
  day,
  summary,
}: {
  spec: ChartSpec;
  day: number;
  summary: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const dayRef = useRef(day);
  const [failed, setFailed] = useState<string | null>(null);
  dayRef.current = day;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadUplot()
      .then((UPlot) => {
        const element = host.current;
        if (disposed || !element) return;
        const width = Math.max(280, element.clientWidth);
        const options: uPlot.Options = {
          width,
          height: 220,
          scales: { x: { time: false }, y: { range: () => yRange(spec.data) } },
          axes: [
            {
              label: 'Days after the first session',
              values: (_u, values) => values.map((v) => formatNumber(v)),
            },
            {
              label: spec.unit,
              values: (_u, values) =>
                values.map((v) => formatNumber(v, spec.unit === 'grades' ? 1 : 2)),
              size: 56,
            },
          ],
          series: [
            { label: 'Day' },
            { label: spec.valueLabel, stroke: LINE, width: 2 },
            { label: 'Interval low', stroke: BAND, width: 1 },
            { label: 'Interval high', stroke: BAND, width: 1 },
          ],
          bands: [{ series: [3, 2], fill: BAND }],
          legend: { show: false },
          cursor: { show: false },
          hooks: {
            draw: [
              (u) => {
                const x = u.valToPos(dayRef.current, 'x', true);
                const { ctx, bbox } = u;
                ctx.save();
                ctx.strokeStyle = DAY_MARK;
                ctx.lineWidth = 2 * devicePixelRatio;
                ctx.beginPath();
                ctx.moveTo(x, bbox.top);
                ctx.lineTo(x, bbox.top + bbox.height);
                ctx.stroke();
                ctx.restore();
              },
            ],
          },
        };
        chart.current = new UPlot(options, spec.data as unknown as uPlot.AlignedData, element);
        observer = new ResizeObserver(() => {
          chart.current?.setSize({ width: Math.max(280, element.clientWidth), height: 220 });
        });
        observer.observe(element);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [spec]);

  // A new day only moves the marker: redraw without rebuilding the paths.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the day is read through dayRef
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [day]);

  return (
    <figure className="mc-chart">
      <Text component="figcaption" fw={600} size="sm">
        {spec.title}
      </Text>
      <div
        ref={host}
        className="mc-chart-plot"
        role="img"
        aria-label={`${spec.title}: ${summary}`}
      />
      <Text size="xs" c="gray.7">
        Line: {spec.valueLabel}. Band: {spec.bandLabel}. Red: the day chosen. {summary}
      </Text>
      {failed && (
        <Text size="sm" c="red">
          The chart could not be drawn: {failed}
        </Text>
      )}
    </figure>
  );
}
