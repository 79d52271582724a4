import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import type { AssessmentRecord } from '../records/types.js';
import { fitzpatrickAnswer, SCALE_CODES } from './codeSystems.js';
import { LOINC, LOINC_FITZPATRICK, OBSERVATION_CATEGORY, SCALES_SYSTEM, UCUM } from './codes.js';
import { fhirText, narrative } from './narrative.js';
import { type BuildContext, bodySite, byDateThenId, ids } from './shared.js';

const EXAM: CodeableConcept[] = [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }] },
];
const SURVEY: CodeableConcept[] = [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] },
];

function scaleCode(scale: { code: string; display: string }): CodeableConcept {
  return { coding: [{ system: SCALES_SYSTEM, ...scale }], text: scale.display };
}

/** Integer grades as valueInteger; a half step (laxity) as a unitless quantity. */
function scoreValue(value: number): Pick<Observation, 'valueInteger' | 'valueQuantity'> {
  return Number.isInteger(value)
    ? { valueInteger: value }
    : { valueQuantity: { value, unit: 'score', system: UCUM, code: '{score}' } };
}

/**
 * Who recorded it: the records hold no recorder for an assessment or the patient's grades (the
 * server keeps the user id in the audit trail, not in the record), so the performer is the
 * clinic whose record it is.
 */
function performer(ctx: BuildContext): Pick<Observation, 'performer'> {
  return { performer: [ctx.organizationRef] };
}

/** The observation in words: "<what>: <value> (<where>), <date>, recorded by <clinic>." */
function withText(ctx: BuildContext, o: Observation): Observation {
  const value =
    o.valueInteger ?? o.valueQuantity?.value ?? o.valueCodeableConcept?.text ?? 'no value';
  const where = o.bodySite?.text ? ` (${o.bodySite.text})` : '';
  const when = o.effectiveDateTime ? `, ${o.effectiveDateTime}` : '';
  const notes = (o.note ?? []).map((n) => `Note: ${n.text}`);
  const { resourceType, id, ...rest } = o;
  return {
    resourceType,
    id,
    text: narrative(
      `${o.code.text}: ${value}${where}${when}; recorded by ${ctx.export.clinic.name}.`,
      ...notes,
    ),
    ...rest,
  };
}

/**
 * The patient record's Fitzpatrick type and laxity grade carry no date; they are stamped with
 * the first screening's date when there is one (when they were taken), else left without one.
 */
export function patientObservations(ctx: BuildContext): Observation[] {
  const p = ctx.journey.patient;
  const first = byDateThenId(ctx.journey.screenings, (s) => s.date)[0];
  const effective = first ? { effectiveDateTime: first.date } : {};
  const answer = fitzpatrickAnswer(p.fitzpatrickType);
  const observations: Observation[] = [
    {
      resourceType: 'Observation',
      id: ids.patientObservation(p.id, 'fitzpatrick'),
      status: 'final',
      category: EXAM,
      code: { coding: [{ system: LOINC, ...LOINC_FITZPATRICK }], text: 'Fitzpatrick skin type' },
      subject: ctx.patientRef,
      ...effective,
      ...performer(ctx),
      valueCodeableConcept: {
        coding: [{ system: SCALES_SYSTEM, ...answer }],
        text: answer.display,
      },
    },
    {
      resourceType: 'Observation',
      id: ids.patientObservation(p.id, 'laxity'),
      status: 'final',
      category: EXAM,
      code: scaleCode(SCALE_CODES.laxity),
      subject: ctx.patientRef,
      ...effective,
      ...performer(ctx),
      ...scoreValue(p.laxityGrade),
    },
  ];
  return observations.map((o) => withText(ctx, o));
}

/** One assessment: Lemperle per zone, GAIS (investigator, subject), satisfaction, laxity. */
export function assessmentObservations(ctx: BuildContext, a: AssessmentRecord): Observation[] {
  const base = (what: string, code: CodeableConcept, category: CodeableConcept[]): Observation => ({
    resourceType: 'Observation',
    id: ids.assessmentObservation(a.id, what),
    status: 'final',
    category,
    code,
    subject: ctx.patientRef,
    effectiveDateTime: a.date,
    ...performer(ctx),
  });
  const out: Observation[] = Object.keys(a.lemperleByZone)
    .sort()
    .map((zoneId) => ({
      ...base(`lemperle/${zoneId}`, scaleCode(SCALE_CODES.lemperle), EXAM),
      ...scoreValue(a.lemperleByZone[zoneId]),
      bodySite: bodySite(zoneId, ctx.zoneLabel(zoneId)),
    }));
  if (a.gaisInvestigator != null) {
    out.push({
      ...base('gais-investigator', scaleCode(SCALE_CODES.gaisInvestigator), EXAM),
      valueInteger: a.gaisInvestigator,
    });
  }
  if (a.gaisSubject != null) {
    out.push({
      ...base('gais-subject', scaleCode(SCALE_CODES.gaisSubject), SURVEY),
      valueInteger: a.gaisSubject,
    });
  }
  if (a.satisfaction != null) {
    out.push({
      ...base('satisfaction', scaleCode(SCALE_CODES.satisfaction), SURVEY),
      valueInteger: a.satisfaction,
    });
  }
  if (a.laxityGrade != null) {
    out.push({
      ...base('laxity', scaleCode(SCALE_CODES.laxity), EXAM),
      ...scoreValue(a.laxityGrade),
    });
  }
  // An assessment with notes but no score has nowhere to put them: FHIR has no empty Observation.
  if (a.notes && out.length > 0) out[0] = { ...out[0], note: [{ text: fhirText(a.notes) }] };
  return out.map((o) => withText(ctx, o));
}
