/**
 * The OpenAPI document's tags, in the order the docs show them. A route's `schema.tags` (and a
 * record kind's `tag`) names one of these; the lint of the document (test/openapi.test.ts,
 * rule operation-tag-defined) fails on a tag that is not declared here.
 */
export const API_TAGS = [
  { name: 'auth', description: 'Sign in, sign out, and who is signed in.' },
  { name: 'users', description: "An admin's management of the users of their clinic." },
  { name: 'clinic', description: 'The clinic: its name, its time zone and so its today.' },
  { name: 'patients', description: 'Register, search, open and change patients.' },
  { name: 'plans', description: "Treatment plans, made by the core's planner and kept." },
  { name: 'screenings', description: 'Candidacy screening: the checklist and its answers.' },
  { name: 'series', description: 'Treatment series: the sessions booked, and as a calendar.' },
  {
    name: 'records',
    description:
      "A patient's clinical records: sessions, assessments, adverse events, consents, photos, " +
      'and the whole journey as FHIR.',
  },
  { name: 'audit', description: "The clinic's audit trail: its verification and checkpoints." },
  {
    name: 'evidence',
    description: 'Observed outcomes, the pooled de-identified records, and study sample sizes.',
  },
];
