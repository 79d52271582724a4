import type uPlot from 'uplot';

let loading: Promise<typeof uPlot> | null = null;

/** uPlot and its stylesheet, fetched the first time a chart is drawn (not in the first page). */
export function loadUplot(): Promise<typeof uPlot> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
    ([module]) => module.default,
  );
  return loading;
}
