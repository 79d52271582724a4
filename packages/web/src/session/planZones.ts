/** A stored plan's zones as a session form lists them: id, label and cores planned. */
export interface PlannedZone {
  readonly id: string;
  readonly label: string;
  readonly coresPlanned: number | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The zones of a stored plan's value (format 1 or 2: both carry `zones[].id`, `label`, `coreCount`). */
export function plannedZones(plan: Record<string, unknown>): PlannedZone[] {
  const zones = Array.isArray(plan.zones) ? plan.zones : [];
  return zones.filter(isObject).flatMap((zone) =>
    typeof zone.id === 'string'
      ? [
          {
            id: zone.id,
            label: typeof zone.label === 'string' ? zone.label : zone.id,
            coresPlanned: typeof zone.coreCount === 'number' ? zone.coreCount : undefined,
          },
        ]
      : [],
  );
}
