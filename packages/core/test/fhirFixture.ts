import type { FhirExportContext, PatientJourney } from '../src/index.js';

/**
 * A full journey: screening, a series of two sessions, baseline and 90-day assessments, two
 * adverse events (one still open), three consents (one withdrawn) and a photo. Synthetic.
 */
export const PATIENT_ID = 'p-0001';

export const FULL_JOURNEY: PatientJourney = {
  patient: {
    id: PATIENT_ID,
    givenName: 'Ada',
    familyName: 'Example',
    birthDate: '1971-04-12',
    sex: 'female',
    fitzpatrickType: 3,
    laxityGrade: 2.5,
    email: 'ada@example.org',
    phone: '+44 20 7946 0000',
    synthetic: true,
  },
  screenings: [
    {
      id: 'scr-1',
      patientId: PATIENT_ID,
      date: '2026-01-05',
      answers: { pregnancy: false, anticoagulants: false },
      acknowledgements: [],
      decision: 'eligible',
      reasons: [],
    },
  ],
  series: [
    {
      id: 'ser-1',
      patientId: PATIENT_ID,
      planId: 'plan-1',
      startDate: '2026-01-12',
      sessionDates: ['2026-01-12', '2026-02-23'],
      intervalWeeks: 6,
      reason: null,
      assessmentDate: '2026-05-24',
    },
  ],
  sessions: [
    {
      id: 'ses-1',
      patientId: PATIENT_ID,
      planId: 'plan-1',
      seriesId: 'ser-1',
      date: '2026-01-12',
      operator: 'Dr. J. Smith',
      needleGauge: '22G',
      zones: [
        { zoneId: 'cheek-left', coresDelivered: 3100 },
        { zoneId: 'cheek-right', coresDelivered: 3080 },
        { zoneId: 'submental', coresDelivered: 1500 },
      ],
      anaesthesia: 'local-infiltration',
      notes: 'Well tolerated.',
    },
    {
      id: 'ses-2',
      patientId: PATIENT_ID,
      planId: 'plan-1',
      seriesId: 'ser-1',
      date: '2026-02-23',
      operator: 'Dr. J. Smith',
      needleGauge: '22g',
      zones: [
        { zoneId: 'cheek-left', coresDelivered: 3050 },
        { zoneId: 'jawline-left', coresDelivered: 1200 },
      ],
      anaesthesia: 'topical',
    },
  ],
  assessments: [
    {
      id: 'as-0',
      patientId: PATIENT_ID,
      date: '2026-01-12',
      lemperleByZone: { 'cheek-left': 3, 'cheek-right': 3, submental: 2 },
      laxityGrade: 2.5,
    },
    {
      id: 'as-90',
      patientId: PATIENT_ID,
      date: '2026-05-24',
      lemperleByZone: { 'cheek-left': 2, 'cheek-right': 2, submental: 1 },
      gaisInvestigator: 2,
      gaisSubject: 3,
      satisfaction: 4,
      laxityGrade: 1.5,
      notes: '90 days after the last session.',
    },
  ],
  adverseEvents: [
    {
      id: 'ae-1',
      patientId: PATIENT_ID,
      sessionId: 'ses-1',
      type: 'erythema',
      description: 'Both cheeks',
      onsetDate: '2026-01-12',
      resolutionDate: '2026-01-16',
      severity: 'mild',
      relatedness: 'definite',
    },
    {
      id: 'ae-2',
      patientId: PATIENT_ID,
      sessionId: 'ses-2',
      type: 'hyperpigmentation',
      onsetDate: '2026-03-10',
      resolutionDate: null,
      severity: 'moderate',
      relatedness: 'probable',
    },
  ],
  consents: [
    {
      id: 'c-treat',
      patientId: PATIENT_ID,
      scope: 'treatment',
      date: '2026-01-05',
      status: 'active',
    },
    {
      id: 'c-photo',
      patientId: PATIENT_ID,
      scope: 'photography',
      date: '2026-01-05',
      status: 'active',
    },
    {
      id: 'c-res',
      patientId: PATIENT_ID,
      scope: 'research',
      date: '2026-01-05',
      status: 'withdrawn',
    },
  ],
  photos: [
    {
      id: 'ph-1',
      patientId: PATIENT_ID,
      consentId: 'c-photo',
      takenDate: '2026-01-12',
      zoneId: 'cheek-left',
      view: 'left-oblique',
      contentType: 'image/jpeg',
      byteLength: 482113,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
  ],
  followUps: [
    // Recorded by the 90-day assessment.
    {
      id: 'fu-90',
      patientId: PATIENT_ID,
      date: '2026-05-24',
      time: '10:30',
      notes: 'Bring the baseline photos',
      status: 'recorded',
      assessmentId: 'as-90',
    },
    // Booked ahead of the export (2026-06-01) for a whole day, not recorded yet.
    { id: 'fu-180', patientId: PATIENT_ID, date: '2026-08-20', status: 'due' },
  ],
};

export const CONTEXT: FhirExportContext = {
  plans: [
    { id: 'plan-1', needleGauge: '22G', zoneIds: ['cheek-left', 'cheek-right', 'submental'] },
  ],
  clinic: { id: 'clinic-1', name: 'Example Skin Clinic' },
  generatedAt: '2026-06-01T09:30:00Z',
  baseUrl: 'https://clinic.example',
};

/** The least a journey can hold: a patient without contact data and no other record. */
export const MINIMAL_JOURNEY: PatientJourney = {
  patient: {
    id: 'p-min',
    givenName: 'Min',
    familyName: 'Imal',
    birthDate: '1980-01-01',
    sex: 'unknown',
    fitzpatrickType: 5,
    laxityGrade: 1,
  },
  screenings: [],
  series: [],
  sessions: [],
  assessments: [],
  adverseEvents: [],
  consents: [],
  photos: [],
};
