import { DEFAULT_TEMPLATE } from '@microcore/core';

/** The face template's zones, graded one by one at a follow-up. */
export const ZONES = DEFAULT_TEMPLATE.zones;
export const zoneLabel = (id: string) => ZONES.find((z) => z.id === id)?.label ?? id;

/** How running text names each field of an assessment's body. */
export const ASSESSMENT_NOUNS: Record<string, string> = {
  followUpId: 'planned follow-up',
  date: 'follow-up day',
  sessionId: 'session followed up',
  lemperleByZone: 'Lemperle grades',
  ...Object.fromEntries(
    ZONES.map((z) => [`lemperleByZone.${z.id}`, `Lemperle grade of ${z.label}`]),
  ),
  gaisInvestigator: 'investigator’s GAIS',
  gaisSubject: 'patient’s GAIS',
  satisfaction: 'satisfaction',
  laxityGrade: 'laxity grade',
  notes: 'notes',
};
