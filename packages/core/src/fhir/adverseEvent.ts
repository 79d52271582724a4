import type { AdverseEvent, AdverseEventSuspectEntity } from '@medplum/fhirtypes';
import type { AdverseEventRecord } from '../records/types.js';
import { adverseEventTypeDisplay } from './codeSystems.js';
import {
  ADVERSE_EVENT_CAUSALITY,
  ADVERSE_EVENT_OUTCOME,
  ADVERSE_EVENT_SEVERITY,
  ADVERSE_EVENT_TYPES_SYSTEM,
  CAUSALITY_BY_RELATEDNESS,
  EXTENSION,
} from './codes.js';
import { fhirText, narrative } from './narrative.js';
import { type BuildContext, ids, recordIdentifier, ref } from './shared.js';

const RELATEDNESS_TEXT: Readonly<Record<AdverseEventRecord['relatedness'], string>> = {
  'not-related': 'Not related',
  unlikely: 'Unlikely',
  possible: 'Possible',
  probable: 'Probable',
  definite: 'Definite',
};

/** The session it followed as suspect, with the clinician's relatedness as causality. */
function suspect(ctx: BuildContext, ae: AdverseEventRecord): AdverseEventSuspectEntity[] {
  const session = ctx.journey.sessions.find((s) => s.id === ae.sessionId);
  if (!session) return [];
  const who = CAUSALITY_BY_RELATEDNESS[ae.relatedness];
  const text = RELATEDNESS_TEXT[ae.relatedness];
  return [
    {
      instance: ref(ids.session(session.id)),
      causality: [
        {
          assessment: who
            ? { coding: [{ system: ADVERSE_EVENT_CAUSALITY, ...who }], text }
            : { text },
          productRelatedness: ae.relatedness,
        },
      ],
    },
  ];
}

/**
 * An adverse event that happened (actuality `actual`). Seriousness is left out on purpose: the
 * record grades severity (mild/moderate/severe), which is not the regulatory "serious" (death,
 * hospitalisation, disability…), and that is not recorded.
 */
export function adverseEventResource(ctx: BuildContext, ae: AdverseEventRecord): AdverseEvent {
  const display = adverseEventTypeDisplay(ae.type);
  const resolved = ae.resolutionDate != null;
  const suspectEntity = suspect(ctx, ae);
  const eventText = ae.description ? `${display}: ${fhirText(ae.description)}` : display;
  const session =
    suspectEntity.length > 0 ? ctx.journey.sessions.find((s) => s.id === ae.sessionId) : undefined;
  return {
    resourceType: 'AdverseEvent',
    id: ids.adverseEvent(ae.id),
    text: narrative(
      `Adverse event: ${eventText}. Onset ${ae.onsetDate}; severity ${ae.severity}; ${resolved ? `resolved on ${ae.resolutionDate}` : 'ongoing'}.`,
      `Relatedness to the treatment: ${RELATEDNESS_TEXT[ae.relatedness].toLowerCase()}${session ? ` (session of ${session.date})` : ''}.`,
    ),
    ...(resolved
      ? { extension: [{ url: EXTENSION.resolutionDate, valueDate: ae.resolutionDate ?? '' }] }
      : {}),
    // R4 AdverseEvent.identifier is 0..1.
    identifier: recordIdentifier('adverse-event', ae.id),
    actuality: 'actual',
    event: {
      coding: [{ system: ADVERSE_EVENT_TYPES_SYSTEM, code: ae.type, display }],
      text: eventText,
    },
    subject: ctx.patientRef,
    date: ae.onsetDate,
    severity: {
      coding: [
        { system: ADVERSE_EVENT_SEVERITY, code: ae.severity, display: capitalise(ae.severity) },
      ],
    },
    outcome: {
      coding: [
        resolved
          ? { system: ADVERSE_EVENT_OUTCOME, code: 'resolved', display: 'Resolved' }
          : { system: ADVERSE_EVENT_OUTCOME, code: 'ongoing', display: 'Ongoing' },
      ],
    },
    ...(suspectEntity.length > 0 ? { suspectEntity } : {}),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
