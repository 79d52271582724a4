import { relatednessLabel, severityLabel, typeLabel } from '../adverseEvents/adverseEventChoices';
import { scopeLabel } from '../consents/consentChoices';
import { formatCalendarDate, formatNumber } from '../format/locale';
import { decisionLabel } from '../patients/labels';
import type { TimelineEntry } from './timeline';

/** What a timeline entry says: its heading and a line of details, in the reader's locale. */
export function entryWords(entry: TimelineEntry): { what: string; details: string } {
  switch (entry.kind) {
    case 'consent':
      return {
        what: `Consent given: ${scopeLabel(entry.record.scope)}`,
        details: entry.record.status === 'active' ? 'Active' : 'Since withdrawn',
      };
    case 'consent-withdrawn':
      return {
        what: `Consent withdrawn: ${scopeLabel(entry.record.scope)}`,
        details: `Given on ${formatCalendarDate(entry.record.date)}`,
      };
    case 'screening':
      return {
        what: `Screening: ${decisionLabel(entry.record.decision)}`,
        details:
          entry.record.reasons.length === 0
            ? 'No reasons given'
            : `${formatNumber(entry.record.reasons.length)} reason(s)`,
      };
    case 'plan': {
      const cores = entry.record.totals.cores;
      return {
        what: 'Plan saved',
        details: `${formatNumber(entry.record.zones.length)} zone(s)${
          typeof cores === 'number' ? `, ${formatNumber(cores)} cores` : ''
        }, needle ${entry.record.needle}`,
      };
    }
    case 'series':
      return {
        what: `Series booked: ${formatNumber(entry.record.sessions.length)} session(s)`,
        details: `From ${formatCalendarDate(entry.record.startDate)}, every ${formatNumber(
          entry.record.intervalWeeks,
          { maximumFractionDigits: 1 },
        )} weeks; assessment ${formatCalendarDate(entry.record.assessmentDate)}`,
      };
    case 'booked-session':
      return {
        what: `Session ${formatNumber(entry.record.number ?? 0)} of a series: booked`,
        details: entry.record.status === 'due' ? 'Due' : 'Booked day passed; not recorded',
      };
    case 'booked-assessment':
      return {
        what: 'Assessment of a series: booked',
        details: entry.record.status === 'due' ? 'Due' : 'Booked day passed; not recorded',
      };
    case 'booked-follow-up':
      return {
        what: 'Planned follow-up: booked',
        details: `${entry.record.time ? `At ${entry.record.time} (clinic time); ` : ''}${
          entry.record.status === 'due' ? 'Due' : 'Booked day passed; not recorded'
        }`,
      };
    case 'photo':
      return {
        what: 'Photo taken',
        details: entry.record.zoneId ? `Zone ${entry.record.zoneId}` : 'Whole face',
      };
    case 'session': {
      const cores = entry.record.zones.reduce((sum, zone) => sum + zone.coresDelivered, 0);
      return {
        what: 'Session recorded',
        details: `${formatNumber(entry.record.zones.length)} zone(s), ${formatNumber(cores)} cores delivered, needle ${entry.record.needleGauge}, by ${entry.record.operator}`,
      };
    }
    case 'assessment': {
      const zones = Object.keys(entry.record.lemperleByZone).length;
      const gais = entry.record.gaisInvestigator;
      return {
        what: 'Follow-up assessment',
        details: `Lemperle in ${formatNumber(zones)} zone(s)${
          gais === null ? '' : `, GAIS (investigator) ${formatNumber(gais)}`
        }`,
      };
    }
    case 'adverse-event':
      return {
        what: `Adverse event: ${typeLabel(entry.record.type)}`,
        details: `${severityLabel(entry.record.severity)}; relatedness ${relatednessLabel(
          entry.record.relatedness,
        ).toLowerCase()}; ${
          entry.record.resolutionDate === null
            ? 'ongoing'
            : `resolved ${formatCalendarDate(entry.record.resolutionDate)}`
        }`,
      };
    case 'adverse-event-resolved':
      return {
        what: `Adverse event resolved: ${typeLabel(entry.record.type)}`,
        details: `Onset ${formatCalendarDate(entry.record.onsetDate)}`,
      };
  }
}
