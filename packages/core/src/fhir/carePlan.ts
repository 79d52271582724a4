import type { CarePlan, CarePlanActivity, Reference } from '@medplum/fhirtypes';
import type { SeriesRecord } from '../records/types.js';
import { fhirText, narrative } from './narrative.js';
import { type BuildContext, ids, recordIdentifier, ref } from './shared.js';

/** The calendar day of the export, for "has this planned day passed?". */
function exportDay(ctx: BuildContext): string {
  return ctx.export.generatedAt.slice(0, 10);
}

/**
 * A planned activity's status: completed when a session of this series was recorded that day,
 * scheduled while the day is still ahead, unknown when it passed without a record (the record
 * does not say whether it was cancelled or just not entered).
 */
function activityStatus(
  done: boolean,
  date: string,
  today: string,
): 'completed' | 'scheduled' | 'unknown' {
  if (done) return 'completed';
  return date >= today ? 'scheduled' : 'unknown';
}

export function carePlanResource(
  ctx: BuildContext,
  series: SeriesRecord,
  assessmentRefs: ReadonlyMap<string, Reference[]>,
): CarePlan {
  const today = exportDay(ctx);
  const sessions = ctx.journey.sessions.filter((s) => s.seriesId === series.id);
  const plan = ctx.export.plans.find((p) => p.id === series.planId);
  const total = series.sessionDates.length;

  const activity: CarePlanActivity[] = series.sessionDates.map((date, i) => {
    const done = sessions.filter((s) => s.date === date).sort((a, b) => (a.id < b.id ? -1 : 1));
    return {
      ...(done.length > 0 ? { outcomeReference: done.map((s) => ref(ids.session(s.id))) } : {}),
      detail: {
        kind: 'ServiceRequest',
        code: { text: `Micro-Coring session ${i + 1} of ${total}` },
        status: activityStatus(done.length > 0, date, today),
        scheduledPeriod: { start: date, end: date },
      },
    };
  });
  const assessed = assessmentRefs.get(series.assessmentDate) ?? [];
  activity.push({
    ...(assessed.length > 0 ? { outcomeReference: assessed } : {}),
    detail: {
      code: { text: 'Outcome assessment (Lemperle per zone, GAIS)' },
      status: activityStatus(assessed.length > 0, series.assessmentDate, today),
      scheduledPeriod: { start: series.assessmentDate, end: series.assessmentDate },
    },
  });

  const description = [
    `Micro-Coring series of ${total} session${total === 1 ? '' : 's'}, ${series.intervalWeeks} weeks apart`,
    plan
      ? `needle ${plan.needleGauge}, zones ${plan.zoneIds.map(ctx.zoneLabel).join('; ')}`
      : undefined,
  ]
    .filter((s) => s !== undefined)
    .join('; ');

  const status = series.assessmentDate < today ? 'completed' : 'active';
  return {
    resourceType: 'CarePlan',
    id: ids.series(series.id),
    text: narrative(
      `${description}. ${status === 'completed' ? 'Completed' : 'Active'}; ${series.startDate} to ${series.assessmentDate}.`,
      activity.map(
        (a) => `${a.detail?.scheduledPeriod?.start}: ${a.detail?.code?.text} (${a.detail?.status})`,
      ),
      ...(series.reason ? [`Interval shorter than the clinic minimum: ${series.reason}`] : []),
    ),
    identifier: [recordIdentifier('series', series.id)],
    // Over once the outcome assessment day has passed; until then the series is running.
    status,
    intent: 'plan',
    title: 'Micro-Coring treatment series',
    description,
    subject: ctx.patientRef,
    period: { start: series.startDate, end: series.assessmentDate },
    author: ctx.organizationRef,
    activity,
    ...(series.reason
      ? { note: [{ text: `Interval shorter than the clinic minimum: ${fhirText(series.reason)}` }] }
      : {}),
  };
}
