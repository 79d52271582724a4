import { STUDIED_DOMAIN } from './evidenceTargets.js';

export interface DomainWarning {
  readonly code:
    | 'domain.coverage-outside-studied'
    | 'domain.multiple-sessions'
    | 'domain.follow-up-beyond-published'
    | 'domain.skin-type-not-studied'
    | 'domain.baseline-not-studied';
  readonly message: string;
}

export interface PredictionConditions {
  /** Coverage of each zone of the plan (fraction). */
  readonly zoneCoverage: readonly { readonly id: string; readonly coverageFraction: number }[];
  /** Sessions done by the outcome day. */
  readonly sessionsByOutcome: number;
  readonly outcomeDay: number;
  readonly fitzpatrick: number | undefined;
  readonly baselineLemperle: number;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI'];
const percent = (f: number) => `${Number((f * 100).toFixed(1))} %`;

/**
 * Where a prediction leaves the conditions the published results cover (heal/evidenceTargets.ts),
 * one named warning each, in plain words: the number is then an extrapolation of the model, and
 * its interval says only what the model's assumptions allow.
 */
export function domainWarnings(c: PredictionConditions): DomainWarning[] {
  const out: DomainWarning[] = [];
  const [coverageLow, coverageHigh] = STUDIED_DOMAIN.coverageFraction;
  // Half a percent of slack: the planner's achieved coverage differs from its target by a little.
  const tolerance = 0.0005;
  const outside = c.zoneCoverage.filter(
    (z) =>
      z.coverageFraction < coverageLow - tolerance || z.coverageFraction > coverageHigh + tolerance,
  );
  if (outside.length > 0) {
    out.push({
      code: 'domain.coverage-outside-studied',
      message: `coverage ${outside.map((z) => `${percent(z.coverageFraction)} in ${z.id}`).join(', ')} is outside the ${percent(coverageLow)}–${percent(coverageHigh)} of the published studies: the predicted outcome is an extrapolation`,
    });
  }
  if (c.sessionsByOutcome > STUDIED_DOMAIN.maxSessionsWithOutcome) {
    out.push({
      code: 'domain.multiple-sessions',
      message:
        c.sessionsByOutcome > STUDIED_DOMAIN.maxSessionsAtAll
          ? `${c.sessionsByOutcome} sessions: no published result goes beyond ${STUDIED_DOMAIN.maxSessionsAtAll} sessions; what more sessions add is the model's assumption, shown by the wider interval`
          : `${c.sessionsByOutcome} sessions: only one small study (12 patients, a conference report) measured after a second session; the calibration rests on single sessions`,
    });
  }
  if (c.outcomeDay > STUDIED_DOMAIN.longestFollowUpDays) {
    out.push({
      code: 'domain.follow-up-beyond-published',
      message: `day ${c.outcomeDay} is beyond the longest published follow-up (${STUDIED_DOMAIN.longestFollowUpDays} days): how long the result lasts is not known, and the interval allows it to fade`,
    });
  }
  const [typeLow, typeHigh] = STUDIED_DOMAIN.fitzpatrick;
  if (c.fitzpatrick !== undefined && (c.fitzpatrick < typeLow || c.fitzpatrick > typeHigh)) {
    out.push({
      code: 'domain.skin-type-not-studied',
      message: `Fitzpatrick type ${ROMAN[c.fitzpatrick]} was not studied (the studies and the indication cover types ${ROMAN[typeLow]}–${ROMAN[typeHigh]}): neither the result nor the risk of pigment changes is known for this skin type`,
    });
  }
  const [baseLow, baseHigh] = STUDIED_DOMAIN.baselineLemperle;
  if (c.baselineLemperle < baseLow || c.baselineLemperle > baseHigh) {
    out.push({
      code: 'domain.baseline-not-studied',
      message: `a Lemperle grade of ${c.baselineLemperle} before treatment is outside the ${baseLow}–${baseHigh} the studies included: the predicted change is an extrapolation`,
    });
  }
  return out;
}
