/**
 * The candidacy rules, in one place, as data with their source (docs/domain.md §4–§5). Each rule has a
 * test in test/protocolCandidacy.test.ts that tries to cross it. `candidacy.ts` only applies them.
 */

const INDICATION = 'FDA 510(k) K202517 indication (MED; cleared 2021-07-09, product code QAI)';
const CONTRAINDICATIONS =
  'MED: FDA QAI (microneedling-class) guidance as compiled, docs/domain.md §5';
const NOT_A_FACELIFT =
  'seed, docs/domain.md §4: Micro-Coring does not reposition muscle, fat or the SMAS; SMAS laxity is a reason to refer';
const PRE_CARE = 'MED: clinic guidelines, docs/domain.md §5';

/** What a positive answer leads to: not eligible (a contraindication) or referral elsewhere. */
export type ChecklistOutcome = 'not-eligible' | 'refer';

export interface ChecklistQuestion {
  /** The answer key, `answers.<code>`. */
  readonly code: string;
  /** Asked as written; `true` means yes. */
  readonly question: string;
  readonly outcome: ChecklistOutcome;
  /** The reason given when the answer is yes. */
  readonly reasonCode: string;
  readonly message: string;
  readonly source: string;
}

/** Where a pre-care instruction starts: days before the planned treatment, or the screening day. */
export type PreCareStart = { readonly daysBeforeTreatment: number } | 'screening';

export interface PreCareInstruction {
  readonly code: string;
  readonly instruction: string;
  readonly start: PreCareStart;
  readonly source: string;
}

const REFER_ALTERNATIVES = 'a surgical facelift, or microfocused ultrasound';

export const CANDIDACY_RULES = {
  age: {
    minimumYears: 22,
    reasonCode: 'age.under-minimum',
    source: `${INDICATION}: adults 22 years and older`,
  },
  fitzpatrick: {
    /** Types inside the studied population (I–IV). */
    studiedMaxType: 4,
    acknowledgement: 'fitzpatrick-v-vi-not-studied',
    /** What the patient acknowledges (the checklist route and the FHIR Questionnaire show it). */
    acknowledgementText:
      'Fitzpatrick type V–VI is outside the studied population (I–IV): the risk of hyperpigmentation is unknown. The patient was told, and will be followed up for hyperpigmentation after each session.',
    acknowledgedReasonCode: 'fitzpatrick.v-vi-not-studied',
    missingAcknowledgementReasonCode: 'fitzpatrick.v-vi-acknowledgement-missing',
    followUpFlag: 'follow-up.hyperpigmentation',
    source: `${INDICATION}: Fitzpatrick I–IV studied; V–VI "undetermined" (seed, docs/domain.md §5)`,
  },
  /** Acknowledgement codes a screening may record; any other code is refused as a typo. */
  knownAcknowledgements: ['fitzpatrick-v-vi-not-studied'],
  checklist: [
    {
      code: 'bleedingDisorderOrAnticoagulants',
      question: 'Does the patient have a bleeding disorder, or take anticoagulants?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.bleeding-or-anticoagulants',
      message:
        'bleeding disorder or anticoagulant treatment: do not treat; coring cuts full-thickness skin',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'immuneSuppression',
      question: 'Is the patient immunosuppressed (disease or medication)?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.immune-suppression',
      message: 'immune suppression: do not treat; the risk of infection and poor healing is raised',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'uncontrolledDiabetes',
      question: 'Does the patient have uncontrolled diabetes?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.uncontrolled-diabetes',
      message: 'uncontrolled diabetes: do not treat until it is controlled, then screen again',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'activeInfectionOrColdSores',
      question: 'Is there an active infection or cold sore (herpes labialis)?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.active-infection',
      message: 'active infection or cold sores: do not treat until healed, then screen again',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'skinDiseaseInArea',
      question: 'Is there eczema, psoriasis or vitiligo in the area to be treated?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.skin-disease-in-area',
      message:
        'eczema, psoriasis or vitiligo in the treatment area: do not treat that area (wounds can trigger new lesions)',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'isotretinoinWithin6Months',
      question: 'Has the patient taken isotretinoin in the last 6 months?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.isotretinoin-within-6-months',
      message: 'isotretinoin in the last 6 months: wait until 6 months after the last dose',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'keloidHistory',
      question: 'Does the patient have a history of keloids or hypertrophic scars?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.keloid-history',
      message: 'history of keloids: do not treat; each core is a wound that can form a keloid',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'cancerTreatment',
      question: 'Is the patient receiving cancer treatment?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.cancer-treatment',
      message: 'current cancer treatment: do not treat; screen again after treatment has ended',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'pregnantOrBreastfeeding',
      question: 'Is the patient pregnant or breastfeeding?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.pregnancy-or-breastfeeding',
      message:
        'pregnancy or breastfeeding: do not treat; screen again after breastfeeding has ended',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'allergyStainlessSteel',
      question: 'Is the patient allergic to stainless steel (nickel)?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.allergy-stainless-steel',
      message: 'allergy to stainless steel: do not treat; the coring needles are stainless steel',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'allergyAnaesthetic',
      question: 'Is the patient allergic to the local anaesthetic (lidocaine)?',
      outcome: 'not-eligible',
      reasonCode: 'contraindication.allergy-anaesthetic',
      message:
        'allergy to the local anaesthetic: do not treat with it; only go ahead if an anaesthetic the patient tolerates is agreed with the physician, then screen again',
      source: CONTRAINDICATIONS,
    },
    {
      code: 'smasLaxity',
      question: 'Is the laxity at the SMAS level (sagging of the deeper muscle and fat layer)?',
      outcome: 'refer',
      reasonCode: 'refer.smas-laxity',
      message: `laxity of the SMAS layer is not treated by Micro-Coring (it tightens skin, not the SMAS); refer for ${REFER_ALTERNATIVES}`,
      source: NOT_A_FACELIFT,
    },
    {
      code: 'expectsFacelift',
      question: 'Does the patient expect the result of a facelift?',
      outcome: 'refer',
      reasonCode: 'refer.facelift-expectation',
      message: `the patient expects a facelift, which Micro-Coring is not; discuss ${REFER_ALTERNATIVES}, or reset the expectation and screen again`,
      source: NOT_A_FACELIFT,
    },
  ] satisfies readonly ChecklistQuestion[] as readonly ChecklistQuestion[],
  preCare: [
    {
      code: 'stop-blood-thinning-medication',
      instruction:
        'Stop aspirin, NSAIDs (ibuprofen, naproxen) and supplements such as fish oil and vitamin E (unless a physician prescribed them: ask first)',
      start: { daysBeforeTreatment: 14 },
      source: PRE_CARE,
    },
    {
      // The source gives no lead time, so it starts at screening: the conservative reading.
      code: 'avoid-sun-and-tanning',
      instruction: 'No sunbathing, tanning beds or self-tanner on the face; use sunscreen',
      start: 'screening',
      source: PRE_CARE,
    },
    {
      code: 'shave-day-before',
      instruction: 'Shave the treatment area the day before (not on the day)',
      start: { daysBeforeTreatment: 1 },
      source: PRE_CARE,
    },
  ] satisfies readonly PreCareInstruction[] as readonly PreCareInstruction[],
  shortNotice: {
    reasonCode: 'pre-care.short-notice',
    source: PRE_CARE,
  },
} as const;
