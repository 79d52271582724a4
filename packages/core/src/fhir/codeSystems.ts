import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import type { AdverseEventType, CandidacyDecision, FitzpatrickType } from '../records/types.js';
import {
  ADVERSE_EVENT_TYPES_SYSTEM,
  PHOTO_VIEWS_SYSTEM,
  SCALES_SYSTEM,
  SCREENING_DECISIONS_SYSTEM,
  TAGS_SYSTEM,
} from './codes.js';
import { narrative } from './narrative.js';
import { ids } from './shared.js';

/**
 * The project's own code systems, shipped inside every bundle so a reader needs nothing else to
 * understand the codes. Codes never change meaning; a new meaning gets a new code.
 */

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

/** Fitzpatrick descriptions: HIGH, NCBI NBK481857 (docs/domain.md §5). */
const FITZPATRICK_DEFINITION = [
  'Always burns, never tans',
  'Burns, tans with difficulty',
  'Sometimes burns, tans average',
  'Rarely burns, tans easily',
  'Never burns, tans very easily',
  'Never burns',
] as const;

export const SCALE_CODES = {
  lemperle: { code: 'lemperle', display: 'Lemperle wrinkle scale grade' },
  gaisInvestigator: { code: 'gais-investigator', display: 'GAIS, investigator-rated' },
  gaisSubject: { code: 'gais-subject', display: 'GAIS, subject-rated' },
  satisfaction: { code: 'satisfaction', display: 'Subject satisfaction' },
  laxity: { code: 'laxity', display: 'Alexiades-Armenakas laxity grade' },
} as const;

export function fitzpatrickAnswer(type: FitzpatrickType): { code: string; display: string } {
  return { code: `fitzpatrick-${type}`, display: `Fitzpatrick skin type ${ROMAN[type - 1]}` };
}

const SCALE_CONCEPTS: CodeSystemConcept[] = [
  {
    ...SCALE_CODES.lemperle,
    definition:
      'Lemperle wrinkle assessment scale, 0–5, photo-referenced: 0 no wrinkle, 1 just ' +
      'perceptible, 2 shallow, 3 moderately deep, 4 deep, 5 very deep. Lemperle et al. 2001.',
  },
  {
    ...SCALE_CODES.gaisInvestigator,
    definition:
      'Global Aesthetic Improvement Scale rated by the investigator: 1 very much improved, ' +
      '2 much improved, 3 improved, 4 no change, 5 worse.',
  },
  {
    ...SCALE_CODES.gaisSubject,
    definition:
      'Global Aesthetic Improvement Scale rated by the subject: 1 very much improved, ' +
      '2 much improved, 3 improved, 4 no change, 5 worse.',
  },
  {
    ...SCALE_CODES.satisfaction,
    definition: 'Subject satisfaction, 1 very dissatisfied … 5 extremely satisfied.',
  },
  {
    ...SCALE_CODES.laxity,
    definition: 'Alexiades-Armenakas laxity grade, 0–4 in half steps.',
  },
  ...([1, 2, 3, 4, 5, 6] as const).map((t) => ({
    ...fitzpatrickAnswer(t),
    // Stands in for LOINC's answer codes for 66555-4, which were not verified.
    definition: `${FITZPATRICK_DEFINITION[t - 1]} (NCBI NBK481857).`,
  })),
];

const ADVERSE_EVENT_DISPLAY: Readonly<Record<AdverseEventType, string>> = {
  erythema: 'Erythema',
  oedema: 'Oedema',
  bruising: 'Bruising',
  hyperpigmentation: 'Hyperpigmentation',
  hypopigmentation: 'Hypopigmentation',
  scarring: 'Scarring',
  infection: 'Infection',
  other: 'Other adverse event',
};

export function adverseEventTypeDisplay(type: AdverseEventType): string {
  return ADVERSE_EVENT_DISPLAY[type];
}

function codeSystem(
  url: string,
  name: string,
  title: string,
  description: string,
  concept: CodeSystemConcept[],
): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: ids.codeSystem(url),
    text: narrative(
      `Code system "${title}" (${url}): ${description}`,
      concept.map((c) => `${c.code}: ${c.display}${c.definition ? `. ${c.definition}` : ''}`),
    ),
    url,
    version: '1',
    name,
    title,
    status: 'active',
    experimental: false,
    publisher: 'microcore',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concept.length,
    concept,
  };
}

export function scalesCodeSystem(): CodeSystem {
  return codeSystem(
    SCALES_SYSTEM,
    'MicrocoreScales',
    'Micro-Coring outcome scales',
    'Scales used to assess Micro-Coring outcomes that have no LOINC or SNOMED CT code found, ' +
      'and Fitzpatrick skin types as answers to LOINC 66555-4.',
    SCALE_CONCEPTS,
  );
}

export function adverseEventTypesCodeSystem(): CodeSystem {
  return codeSystem(
    ADVERSE_EVENT_TYPES_SYSTEM,
    'MicrocoreAdverseEventTypes',
    'Micro-Coring adverse event types',
    'The adverse event types the Micro-Coring record knows. MedDRA, the usual coding, is licensed.',
    (Object.keys(ADVERSE_EVENT_DISPLAY) as AdverseEventType[]).map((code) => ({
      code,
      display: ADVERSE_EVENT_DISPLAY[code],
    })),
  );
}

/** meta.tag codes; `synthetic` marks every resource of a generated (demo) patient. */
export const TAG_CODES = {
  synthetic: { code: 'synthetic', display: 'Synthetic (generated) data' },
} as const;

export function tagsCodeSystem(): CodeSystem {
  return codeSystem(
    TAGS_SYSTEM,
    'MicrocoreTags',
    'Micro-Coring resource tags',
    'Tags (meta.tag) the Micro-Coring export puts on resources.',
    [
      {
        ...TAG_CODES.synthetic,
        definition:
          'The resource describes a generated demo patient, never a real person. Such ' +
          'resources also carry meta.security v3-ActReason HTEST (test health data).',
      },
    ],
  );
}

/** The screening's decisions (core/protocol/candidacy.ts), in severity order. */
export const SCREENING_DECISION: Readonly<
  Record<CandidacyDecision, { code: CandidacyDecision; display: string; definition: string }>
> = {
  eligible: {
    code: 'eligible',
    display: 'Eligible',
    definition: 'No contraindication or reason to refer was found: the patient may be treated.',
  },
  'eligible-with-warnings': {
    code: 'eligible-with-warnings',
    display: 'Eligible, with warnings',
    definition:
      'The patient may be treated; the reasons given (e.g. Fitzpatrick V–VI, acknowledged) ' +
      'call for extra care or follow-up.',
  },
  'not-eligible': {
    code: 'not-eligible',
    display: 'Not eligible',
    definition: 'A contraindication was found: do not treat (the reasons say until when).',
  },
  refer: {
    code: 'refer',
    display: 'Refer',
    definition:
      'Micro-Coring is not the right treatment for what the patient has or expects: refer ' +
      'for the alternatives the reasons name.',
  },
};

export function screeningDecisionsCodeSystem(): CodeSystem {
  return codeSystem(
    SCREENING_DECISIONS_SYSTEM,
    'MicrocoreScreeningDecisions',
    'Micro-Coring screening decisions',
    'The decisions of the Micro-Coring candidacy screening (answers to its decision item).',
    Object.values(SCREENING_DECISION),
  );
}

/**
 * The standard views of a clinical face photo, the codes the API's photo `view` takes (server
 * records/photoView.ts PHOTO_VIEWS; its tests check the two agree). Left and right are the
 * patient's. No SNOMED CT code for these photographic views was verified, so they are local.
 */
export const PHOTO_VIEW_CODES: Readonly<Record<string, { display: string; definition: string }>> = {
  front: {
    display: 'Front view',
    definition: 'The face from the front, eyes level, both ears equally visible.',
  },
  'left-oblique': {
    display: 'Left oblique view',
    definition: "The face turned about 45° to show the patient's left cheek.",
  },
  'right-oblique': {
    display: 'Right oblique view',
    definition: "The face turned about 45° to show the patient's right cheek.",
  },
  'left-lateral': {
    display: 'Left lateral view',
    definition: "The patient's left profile, the face turned 90°.",
  },
  'right-lateral': {
    display: 'Right lateral view',
    definition: "The patient's right profile, the face turned 90°.",
  },
  submental: {
    display: 'Submental view',
    definition: 'From below the chin, the head tilted back, showing the submental area.',
  },
};

export function photoViewsCodeSystem(): CodeSystem {
  return codeSystem(
    PHOTO_VIEWS_SYSTEM,
    'MicrocorePhotoViews',
    'Micro-Coring photo views',
    'The standard views of a clinical face photo (Media.view): a follow-up photo is compared ' +
      'with the baseline of the same view.',
    Object.entries(PHOTO_VIEW_CODES).map(([code, c]) => ({ code, ...c })),
  );
}
