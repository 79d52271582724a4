/** What the prediction page reads of a stored plan (the API types it as an open record). */
export interface PlanOutline {
  readonly gauge: string;
  readonly cores: number;
  readonly coverageFraction: number;
  readonly zones: readonly {
    readonly id: string;
    readonly polygon: readonly (readonly [number, number])[];
  }[];
}

const isPoint = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/** The plan's needle, totals and zone outlines, or null when the value is not a plan. */
export function planOutline(plan: unknown): PlanOutline | null {
  if (typeof plan !== 'object' || plan === null) return null;
  const p = plan as Record<string, unknown>;
  const needle = p.needle as Record<string, unknown> | undefined;
  const totals = p.totals as Record<string, unknown> | undefined;
  if (p.kind !== 'microcore.plan' || !Array.isArray(p.zones) || !needle || !totals) return null;
  const zones = [];
  for (const zone of p.zones as unknown[]) {
    const z = zone as Record<string, unknown>;
    if (typeof z?.id !== 'string' || !Array.isArray(z.polygon) || !z.polygon.every(isPoint))
      return null;
    zones.push({ id: z.id, polygon: z.polygon as [number, number][] });
  }
  if (typeof needle.gauge !== 'string' || typeof totals.cores !== 'number') return null;
  return {
    gauge: needle.gauge,
    cores: totals.cores,
    coverageFraction: typeof totals.coverageFraction === 'number' ? totals.coverageFraction : 0,
    zones,
  };
}
