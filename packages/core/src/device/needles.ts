import { MicrocoreError } from '../errors.js';
import { ENVELOPE } from './envelope.js';

/**
 * Hollow coring needles. The core a needle cuts is as wide as its inner diameter (docs/domain.md §1).
 * Nominal regular-wall sizes, mm: Wikipedia "Needle gauge" chart (MED confidence; the ISO 9626
 * table itself is not public). Thin-wall needles keep the outer diameter and have a larger inner
 * one; none is catalogued until a manufacturer's figure is at hand.
 */
export interface Needle {
  readonly gauge: string;
  readonly wall: 'regular';
  readonly outerDiameterMm: number;
  readonly innerDiameterMm: number;
  readonly source: string;
}

const SOURCE = 'Wikipedia, Needle gauge chart (nominal regular wall); ISO 9626 table not public';

export const NEEDLES: readonly Needle[] = (
  [
    ['19G', 1.067, 0.686],
    ['20G', 0.908, 0.603],
    ['21G', 0.819, 0.514],
    ['22G', 0.718, 0.413],
    ['23G', 0.641, 0.337],
    ['24G', 0.565, 0.311],
    ['25G', 0.514, 0.26],
    ['27G', 0.413, 0.21],
  ] as const
).map(([gauge, outerDiameterMm, innerDiameterMm]) => ({
  gauge,
  wall: 'regular' as const,
  outerDiameterMm,
  innerDiameterMm,
  source: SOURCE,
}));

/** 22G regular wall cuts the ~400 µm core of the trial listing (docs/domain.md §1, §3). */
export const DEFAULT_GAUGE = '22G';

/** The diameter of the core a needle cuts, mm. */
export function coreDiameterMm(needle: Needle): number {
  return needle.innerDiameterMm;
}

/** Look a needle up by gauge ("22G", "22g" or "22"). */
export function needleByGauge(gauge: string): Needle {
  const normalised = `${String(gauge).trim().toUpperCase().replace(/G$/, '')}G`;
  const needle = NEEDLES.find((n) => n.gauge === normalised);
  if (!needle) {
    throw new MicrocoreError(
      'needle.unknown-gauge',
      `unknown needle gauge "${gauge}"; choose one of ${NEEDLES.filter(
        (n) =>
          n.innerDiameterMm + ENVELOPE.scar.boreToleranceMm < ENVELOPE.scar.refuseCoreDiameterMm,
      )
        .map((n) => n.gauge)
        .join(
          ', ',
        )} (coarser gauges cut cores at or above the ${ENVELOPE.scar.refuseCoreDiameterMm} mm scar threshold)`,
      'needle',
    );
  }
  return needle;
}
