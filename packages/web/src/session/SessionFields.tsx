import {
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import type { PlanSummary } from '../api/types';
import { formatCalendarDate, formatDateTime, formatNumber } from '../format/locale';
import type { FieldsProps } from '../forms/fieldsProps';
import { NotesField } from '../forms/NotesField';
import { TextField } from '../forms/TextField';
import { IntervalRuleNote } from '../journey/IntervalRuleNote';
import { sessionIntervalVerdict } from '../journey/intervalRule';
import type { Series } from '../journey/types';
import { ANAESTHESIA_CHOICES, anaesthesiaLabel } from './anaesthesia';
import type { PlannedZone } from './planZones';
import { coresOf, isZoneDone, type SessionValues } from './sessionValues';

/**
 * A session's fields, as recorded and as corrected: the plan and series, the day with the
 * interval rule, the zones and cores, anaesthesia, operator, needle, notes.
 */
export function SessionFields({
  values,
  onChange,
  errors,
  inputId,
  plans,
  series,
  zones,
  zonesPending,
  otherDates,
}: FieldsProps<SessionValues> & {
  plans: readonly PlanSummary[];
  series: readonly Series[];
  zones: readonly PlannedZone[];
  zonesPending: boolean;
  /** The days of the patient's other sessions, for the interval rule. */
  otherDates: readonly string[];
}) {
  const set = (changes: Partial<SessionValues>) => onChange({ ...values, ...changes });
  const plan = plans.find((p) => p.id === values.planId);
  const ofPlan = series.filter((s) => s.planId === values.planId);
  const sent = zones.filter((zone) => isZoneDone(values, zone));
  const verdict = sessionIntervalVerdict(values.date, otherDates);
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          id={inputId('planId')}
          label="Plan delivered"
          withAsterisk
          value={values.planId}
          onChange={(e) => {
            const planId = e.currentTarget.value;
            set({ planId, seriesId: series.find((s) => s.planId === planId)?.id ?? '' });
          }}
          error={errors.planId}
          data={plans.map((p) => ({
            value: p.id,
            label: `Plan of ${formatDateTime(p.createdAt)} (${p.needle})`,
          }))}
        />
        <NativeSelect
          id={inputId('seriesId')}
          label="Series"
          value={values.seriesId}
          onChange={(e) => set({ seriesId: e.currentTarget.value })}
          error={errors.seriesId}
          data={[
            { value: '', label: 'Not part of a series' },
            ...ofPlan.map((s) => ({
              value: s.id,
              label: `From ${formatCalendarDate(s.startDate)}, ${s.sessions.length} sessions`,
            })),
          ]}
        />
        <TextField
          id={inputId('date')}
          type="date"
          label="Session day"
          required
          value={values.date}
          onChange={(text) => set({ date: text })}
          error={errors.date}
        />
      </SimpleGrid>
      <IntervalRuleNote
        verdict={verdict}
        otherwise="No other session is recorded for this patient."
      />
      <Stack gap="xs" role="group" aria-labelledby={inputId('zones-heading')}>
        <Text fw={500} size="sm" id={inputId('zones-heading')}>
          Zones done and cores delivered
        </Text>
        {zonesPending && <Loader size="sm" aria-label="Loading the plan" />}
        {errors.zones && (
          <Text size="sm" c="red.8" id={inputId('zones')} tabIndex={-1}>
            {errors.zones}
          </Text>
        )}
        {zones.map((zone) => {
          const index = sent.indexOf(zone);
          const field = `zones[${index}].coresDelivered`;
          const done = isZoneDone(values, zone);
          return (
            <Group key={zone.id} align="flex-end" gap="md">
              <Checkbox
                label={`Done: ${zone.label}`}
                checked={done}
                onChange={(e) =>
                  set({ done: { ...values.done, [zone.id]: e.currentTarget.checked } })
                }
                w={220}
              />
              <NumberInput
                id={index >= 0 ? inputId(field) : undefined}
                label={`Cores delivered in ${zone.label}`}
                description={
                  zone.coresPlanned === undefined
                    ? undefined
                    : `Planned: ${formatNumber(zone.coresPlanned)} cores`
                }
                disabled={!done}
                allowDecimal={false}
                value={coresOf(values, zone)}
                onChange={(value) => set({ cores: { ...values.cores, [zone.id]: value } })}
                error={index >= 0 ? (errors[field] ?? errors[`zones[${index}].zoneId`]) : undefined}
                w={240}
              />
            </Group>
          );
        })}
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          id={inputId('anaesthesia')}
          label="Anaesthesia"
          withAsterisk
          value={values.anaesthesia}
          onChange={(e) => set({ anaesthesia: e.currentTarget.value })}
          error={errors.anaesthesia}
          data={[
            { value: '', label: 'Choose…' },
            ...ANAESTHESIA_CHOICES.map((value) => ({ value, label: anaesthesiaLabel(value) })),
          ]}
        />
        <TextField
          id={inputId('operator')}
          label="Operator"
          description="Who operated the handpiece"
          value={values.operator}
          onChange={(text) => set({ operator: text })}
          error={errors.operator}
        />
        <TextField
          id={inputId('needleGauge')}
          label="Needle gauge"
          description={`Default: the plan's${plan ? ` (${plan.needle})` : ''}`}
          placeholder={plan?.needle}
          value={values.needle}
          onChange={(text) => set({ needle: text })}
          error={errors.needleGauge}
        />
      </SimpleGrid>
      <NotesField
        id={inputId('intervalReason')}
        label="Reason for a shorter interval"
        description="Required when this session is sooner than the minimum after (or before) another"
        required={verdict?.needsReason}
        value={values.intervalReason}
        onChange={(intervalReason) => set({ intervalReason })}
        error={errors.intervalReason}
      />
      <NotesField
        id={inputId('notes')}
        value={values.notes}
        onChange={(notes) => set({ notes })}
        error={errors.notes}
      />
    </>
  );
}
