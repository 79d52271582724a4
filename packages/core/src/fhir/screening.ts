import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import { CANDIDACY_RULES } from '../protocol/candidacyRules.js';
import type { ScreeningRecord } from '../records/types.js';
import { SCREENING_DECISION } from './codeSystems.js';
import { SCREENING_DECISIONS_SYSTEM, SCREENING_QUESTIONNAIRE } from './codes.js';
import { derivedId } from './ids.js';
import { narrative } from './narrative.js';
import { sha1 } from './sha1.js';
import { type BuildContext, ids, recordIdentifier } from './shared.js';

/**
 * The candidacy screening as a Questionnaire (the checklist from core/protocol/candidacyRules.ts,
 * each question with what a yes leads to and its source) and each screening record as a
 * QuestionnaireResponse (the answers, the acknowledgements, the decision and every reason).
 */

const RULES = CANDIDACY_RULES;
const OUTCOME_TEXT = { 'not-eligible': 'not eligible', refer: 'refer' } as const;

function decisionCoding(code: keyof typeof SCREENING_DECISION): Coding {
  const { display } = SCREENING_DECISION[code];
  return { system: SCREENING_DECISIONS_SYSTEM, code, display };
}

function display(linkId: string, text: string): QuestionnaireItem {
  return { linkId, type: 'display', text };
}

const ITEMS: QuestionnaireItem[] = [
  {
    linkId: 'checklist',
    type: 'group',
    text: 'Candidacy checklist',
    item: RULES.checklist.map((q) => ({
      linkId: q.code,
      type: 'boolean',
      text: q.question,
      required: true,
      item: [
        display(`${q.code}.if-yes`, `If yes: ${OUTCOME_TEXT[q.outcome]}. ${q.message}.`),
        display(`${q.code}.source`, `Source: ${q.source}`),
      ],
    })),
  },
  {
    linkId: 'acknowledgements',
    type: 'group',
    text: 'Acknowledgements',
    item: [
      {
        linkId: RULES.fitzpatrick.acknowledgement,
        type: 'boolean',
        text: RULES.fitzpatrick.acknowledgementText,
        item: [
          display(
            `${RULES.fitzpatrick.acknowledgement}.applies-to`,
            'Asked when the patient is Fitzpatrick type V or VI.',
          ),
          display(
            `${RULES.fitzpatrick.acknowledgement}.source`,
            `Source: ${RULES.fitzpatrick.source}`,
          ),
        ],
      },
    ],
  },
  {
    linkId: 'decision',
    type: 'choice',
    text: 'Decision, from the candidacy rules (answers, age on the day, Fitzpatrick type)',
    readOnly: true,
    answerOption: Object.values(SCREENING_DECISION).map((d) => ({
      valueCoding: decisionCoding(d.code),
    })),
  },
  {
    linkId: 'reasons',
    type: 'string',
    text: 'Reasons: every reason found, with its code and source',
    readOnly: true,
    repeats: true,
  },
];

/** The checklist's version: a digest of its items, so a changed question is a new version. */
const VERSION = Array.from(sha1(new TextEncoder().encode(JSON.stringify(ITEMS))).slice(0, 5), (b) =>
  b.toString(16).padStart(2, '0'),
).join('');

export function screeningQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: derivedId('questionnaire', SCREENING_QUESTIONNAIRE),
    text: narrative(
      `Micro-Coring candidacy screening, version ${VERSION}: a yes to any question below means not eligible or refer, as each says; the decision and its reasons follow from the answers, the age on the day and the Fitzpatrick type.`,
      RULES.checklist.map(
        (q) => `${q.question} If yes: ${OUTCOME_TEXT[q.outcome]}. Source: ${q.source}.`,
      ),
      `Acknowledgement (Fitzpatrick V–VI): ${RULES.fitzpatrick.acknowledgementText}`,
    ),
    url: SCREENING_QUESTIONNAIRE,
    version: VERSION,
    name: 'MicrocoreScreening',
    title: 'Micro-Coring candidacy screening',
    status: 'active',
    experimental: false,
    subjectType: ['Patient'],
    publisher: 'microcore',
    description:
      'The candidacy checklist Micro-Coring patients are screened with: contraindications, ' +
      'reasons to refer, and the acknowledgements recorded; each question with its source.',
    item: ITEMS,
  };
}

/** The question a checklist code asks, or the code itself for a code no longer asked. */
function questionText(code: string): string {
  return RULES.checklist.find((q) => q.code === code)?.question ?? code;
}

export function screeningResponse(ctx: BuildContext, s: ScreeningRecord): QuestionnaireResponse {
  const order = RULES.checklist.map((q) => q.code);
  // The checklist's order, then any answer to a question the current checklist no longer has.
  const codes = Object.keys(s.answers).sort((a, b) => {
    const [ia, ib] = [order.indexOf(a), order.indexOf(b)].map((i) => (i < 0 ? order.length : i));
    return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
  });
  const items: QuestionnaireResponseItem[] = [];
  if (codes.length > 0) {
    items.push({
      linkId: 'checklist',
      text: 'Candidacy checklist',
      item: codes.map((code) => ({
        linkId: code,
        text: questionText(code),
        answer: [{ valueBoolean: s.answers[code] }],
      })),
    });
  }
  if (s.acknowledgements.length > 0) {
    items.push({
      linkId: 'acknowledgements',
      text: 'Acknowledgements',
      item: [...s.acknowledgements].sort().map((code) => ({
        linkId: code,
        text:
          code === RULES.fitzpatrick.acknowledgement ? RULES.fitzpatrick.acknowledgementText : code,
        answer: [{ valueBoolean: true }],
      })),
    });
  }
  items.push({
    linkId: 'decision',
    text: 'Decision',
    answer: [{ valueCoding: decisionCoding(s.decision) }],
  });
  const reasons = s.reasons.map((r) => `${r.message} [${r.code}; source: ${r.source}]`);
  if (reasons.length > 0) {
    items.push({
      linkId: 'reasons',
      text: 'Reasons',
      answer: reasons.map((valueString) => ({ valueString })),
    });
  }
  const yes = codes.filter((c) => s.answers[c]).map(questionText);
  return {
    resourceType: 'QuestionnaireResponse',
    id: ids.screening(s.id),
    text: narrative(
      `Candidacy screening on ${s.date} at ${ctx.export.clinic.name}: ${SCREENING_DECISION[s.decision].display.toLowerCase()}.`,
      yes.length > 0
        ? `Answered yes (${yes.length} of ${codes.length}):`
        : codes.length > 0
          ? `Answered no to all ${codes.length} questions.`
          : 'No checklist answers recorded.',
      yes,
      ...(s.acknowledgements.length > 0 ? [`Acknowledged: ${s.acknowledgements.join(', ')}.`] : []),
      ...(reasons.length > 0 ? ['Reasons:', reasons] : []),
    ),
    // R4 QuestionnaireResponse.identifier is 0..1.
    identifier: recordIdentifier('screening', s.id),
    questionnaire: `${SCREENING_QUESTIONNAIRE}|${VERSION}`,
    status: 'completed',
    subject: ctx.patientRef,
    authored: s.date,
    // The record holds no recorder: the clinic whose record it is.
    author: ctx.organizationRef,
    item: items,
  };
}
