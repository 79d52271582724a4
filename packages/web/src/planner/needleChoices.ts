import { checkCoreDiameter, coreDiameterMm, isMicrocoreError, NEEDLES } from '@microcore/core';

/** A needle as the picker shows it: allowed, allowed with a warning, or refused with the reason. */
export interface NeedleChoice {
  readonly gauge: string;
  readonly coreDiameterMm: number;
  /** The safety envelope's refusal (code and message) when the gauge may not be used. */
  readonly refusal?: { readonly code: string; readonly message: string };
  readonly warning?: { readonly code: string; readonly message: string };
}

/**
 * Every catalogued needle, judged by the envelope's own check (the one the planner runs), so
 * the picker can never offer what the planner would refuse, nor refuse what it would take.
 */
export function needleChoices(): NeedleChoice[] {
  return NEEDLES.map((needle) => {
    const diameterMm = coreDiameterMm(needle);
    try {
      const [warning] = checkCoreDiameter(diameterMm, needle.gauge);
      return {
        gauge: needle.gauge,
        coreDiameterMm: diameterMm,
        ...(warning ? { warning: { code: warning.code, message: warning.message } } : {}),
      };
    } catch (error) {
      if (!isMicrocoreError(error)) throw error;
      return {
        gauge: needle.gauge,
        coreDiameterMm: diameterMm,
        refusal: { code: error.code, message: error.message },
      };
    }
  });
}
