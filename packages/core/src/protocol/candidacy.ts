import { MicrocoreError } from '../errors.js';
import type {
  CandidacyDecision,
  CandidacyReason,
  FitzpatrickType,
  IsoDate,
} from '../records/types.js';
import { CANDIDACY_RULES } from './candidacyRules.js';
import {
  addDays,
  ageInYears,
  type CalendarDate,
  formatIsoDate,
  isLeapYear,
  parseIsoDate,
  toDayNumber,
} from './dates.js';

export interface CandidacyInput {
  readonly birthDate: IsoDate;
  /** The day of the screening: the age is taken on this day. */
  readonly screeningDate: IsoDate;
  readonly fitzpatrickType: FitzpatrickType;
  /** An answer to every checklist question, by question code; `true` is yes. */
  readonly answers: Readonly<Record<string, boolean>>;
  /** Acknowledgement codes recorded, e.g. `fitzpatrick-v-vi-not-studied`. */
  readonly acknowledgements?: readonly string[];
  /** When given, the pre-care instructions carry their dates. */
  readonly plannedTreatmentDate?: IsoDate | null;
}

export interface PreCareItem {
  readonly code: string;
  readonly instruction: string;
  /** From this day on; null when no treatment date is planned yet. */
  readonly fromDate: IsoDate | null;
  readonly source: string;
}

export interface CandidacyResult {
  readonly decision: CandidacyDecision;
  /** Every reason found, not only the one that decided. */
  readonly reasons: CandidacyReason[];
  /** Follow-up flags for the record, e.g. `follow-up.hyperpigmentation`. */
  readonly flags: string[];
  /** Empty unless the patient may be treated. */
  readonly preCare: PreCareItem[];
}

type Rules = typeof CANDIDACY_RULES;

/** Severity order: the first present decides, but every reason is listed. */
const PRECEDENCE: readonly CandidacyDecision[] = [
  'not-eligible',
  'refer',
  'eligible-with-warnings',
];

/** Screen a patient against the candidacy rules (docs/domain.md §5). Pure: the dates come in. */
export function assessCandidacy(input: CandidacyInput): CandidacyResult {
  if (input === null || typeof input !== 'object') {
    invalid(
      undefined,
      'the screening must be an object with birthDate, screeningDate, fitzpatrickType and answers',
    );
  }
  const rules = CANDIDACY_RULES;
  const birth = parseIsoDate(input.birthDate, 'birthDate');
  const screening = parseIsoDate(input.screeningDate, 'screeningDate');
  if (toDayNumber(screening) < toDayNumber(birth)) {
    invalid('screeningDate', `screening date ${input.screeningDate} is before the birth date`);
  }
  const planned =
    input.plannedTreatmentDate == null
      ? null
      : parseIsoDate(input.plannedTreatmentDate, 'plannedTreatmentDate');
  if (planned && toDayNumber(planned) < toDayNumber(screening)) {
    invalid(
      'plannedTreatmentDate',
      `planned treatment date ${input.plannedTreatmentDate} is before the screening date ${input.screeningDate}; plan it on or after the screening`,
    );
  }
  const acknowledgements = checkAcknowledgements(input.acknowledgements, rules);
  const answers = checkAnswers(input.answers, rules);

  const found: { decision: CandidacyDecision; reason: CandidacyReason }[] = [];
  const flags: string[] = [];

  const age = ageInYears(birth, screening);
  if (age < rules.age.minimumYears) {
    found.push({
      decision: 'not-eligible',
      reason: {
        code: rules.age.reasonCode,
        message: `the patient is ${age} on ${input.screeningDate}; Micro-Coring is indicated from age ${rules.age.minimumYears} (on or after ${formatIsoDate(birthdayAt(birth, rules.age.minimumYears))})`,
        source: rules.age.source,
      },
    });
  }

  const fitz = checkFitzpatrick(input.fitzpatrickType);
  if (fitz > rules.fitzpatrick.studiedMaxType) {
    const type = fitz === 5 ? 'V' : 'VI';
    if (acknowledgements.includes(rules.fitzpatrick.acknowledgement)) {
      found.push({
        decision: 'eligible-with-warnings',
        reason: {
          code: rules.fitzpatrick.acknowledgedReasonCode,
          message: `Fitzpatrick type ${type} is outside the studied population (I–IV), acknowledged; follow up for hyperpigmentation after each session`,
          source: rules.fitzpatrick.source,
        },
      });
      flags.push(rules.fitzpatrick.followUpFlag);
    } else {
      found.push({
        decision: 'not-eligible',
        reason: {
          code: rules.fitzpatrick.missingAcknowledgementReasonCode,
          message: `Fitzpatrick type ${type} is outside the studied population (I–IV); to treat, record the acknowledgement '${rules.fitzpatrick.acknowledgement}' (the risk of hyperpigmentation is unknown) and screen again`,
          source: rules.fitzpatrick.source,
        },
      });
    }
  }

  for (const question of rules.checklist) {
    if (answers[question.code]) {
      found.push({
        decision: question.outcome,
        reason: { code: question.reasonCode, message: question.message, source: question.source },
      });
    }
  }

  let decision: CandidacyDecision =
    PRECEDENCE.find((d) => found.some((f) => f.decision === d)) ?? 'eligible';
  const treatable = decision === 'eligible' || decision === 'eligible-with-warnings';
  const preCare = treatable ? preCareItems(rules, input.screeningDate, planned) : [];

  const shortNotice = treatable && planned ? shortNoticeReason(rules, screening, planned) : null;
  if (shortNotice) {
    found.push({ decision: 'eligible-with-warnings', reason: shortNotice });
    decision = 'eligible-with-warnings';
  }
  return { decision, reasons: found.map((f) => f.reason), flags, preCare };
}

function preCareItems(
  rules: Rules,
  screeningDate: IsoDate,
  planned: CalendarDate | null,
): PreCareItem[] {
  return rules.preCare.map((item) => ({
    code: item.code,
    instruction: item.instruction,
    fromDate:
      item.start === 'screening'
        ? screeningDate
        : planned
          ? addDays(formatIsoDate(planned), -item.start.daysBeforeTreatment)
          : null,
    source: item.source,
  }));
}

/** A treatment planned too soon for the longest pre-care lead time is a warning, with the fix. */
function shortNoticeReason(
  rules: Rules,
  screening: CalendarDate,
  planned: CalendarDate,
): CandidacyReason | null {
  const leadDays = Math.max(
    ...rules.preCare.map((p) => (p.start === 'screening' ? 0 : p.start.daysBeforeTreatment)),
  );
  const noticeDays = toDayNumber(planned) - toDayNumber(screening);
  if (noticeDays >= leadDays) return null;
  return {
    code: rules.shortNotice.reasonCode,
    message: `the treatment is planned ${noticeDays} days after screening, but aspirin, NSAIDs, fish oil and vitamin E must stop ${leadDays} days before; move it to ${addDays(formatIsoDate(screening), leadDays)} or later, or confirm they were already stopped`,
    source: rules.shortNotice.source,
  };
}

function checkAnswers(
  answers: Readonly<Record<string, boolean>> | undefined,
  rules: Rules,
): Readonly<Record<string, boolean>> {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    invalid('answers', 'answers must be an object with a yes/no answer per checklist question');
  }
  const known = new Set(rules.checklist.map((q) => q.code));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) {
      throw new MicrocoreError(
        'candidacy.unknown-answer',
        `answers.${code} is not a checklist question; the questions are: ${[...known].join(', ')}`,
        `answers.${code}`,
      );
    }
  }
  for (const question of rules.checklist) {
    const answer = answers[question.code];
    if (typeof answer !== 'boolean') {
      throw new MicrocoreError(
        'candidacy.missing-answer',
        `${answer === undefined ? 'no answer to' : 'the answer must be yes or no for'} "${question.question}"; every checklist question must be answered yes or no`,
        `answers.${question.code}`,
      );
    }
  }
  return answers;
}

function checkAcknowledgements(value: readonly string[] | undefined, rules: Rules): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    invalid('acknowledgements', 'acknowledgements must be a list of codes');
  const known: readonly string[] = rules.knownAcknowledgements;
  value.forEach((code, i) => {
    if (!known.includes(code)) {
      invalid(
        `acknowledgements[${i}]`,
        `acknowledgement ${JSON.stringify(code)} is not known; the known ones are: ${known.join(', ')}`,
      );
    }
  });
  return [...value];
}

function checkFitzpatrick(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 6) {
    invalid(
      'fitzpatrickType',
      `Fitzpatrick type ${JSON.stringify(value)} is not one of I–VI; record the skin type as a number 1 to 6`,
    );
  }
  return value;
}

/** The day the patient turns `years` (29 February → 1 March in common years, as in ageInYears). */
function birthdayAt(birth: CalendarDate, years: number) {
  const year = birth.year + years;
  return birth.month === 2 && birth.day === 29 && !isLeapYear(year)
    ? { year, month: 3, day: 1 }
    : { year, month: birth.month, day: birth.day };
}

function invalid(field: string | undefined, message: string): never {
  throw new MicrocoreError('candidacy.invalid-input', message, field);
}
