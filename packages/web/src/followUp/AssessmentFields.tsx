import { NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { GAIS_SCALE, LEMPERLE_SCALE, SATISFACTION_SCALE } from '@microcore/core';
import { formatCalendarDate } from '../format/locale';
import type { FieldsProps } from '../forms/fieldsProps';
import { NotesField } from '../forms/NotesField';
import { TextField } from '../forms/TextField';
import type { FollowUp, TreatmentSession } from '../journey/types';
import { LAXITY_GRADES, laxityLabel } from '../patients/labels';
import type { AssessmentValues } from './assessmentValues';
import { ScaleLegend } from './ScaleLegend';
import { scaleChoices } from './scaleChoices';
import { ZONES } from './zones';

type Choices = { value: string; label: string }[];

/**
 * A follow-up assessment's fields, as recorded and as corrected: the planned follow-up, the day,
 * the session followed up, Lemperle by zone with each grade's meaning, GAIS, satisfaction, laxity.
 */
export function AssessmentFields({
  values,
  onChange,
  errors,
  inputId,
  due,
  sessions,
}: FieldsProps<AssessmentValues> & {
  /** The planned follow-ups it may record. */
  due: readonly FollowUp[];
  sessions: readonly TreatmentSession[];
}) {
  const set = (changes: Partial<AssessmentValues>) => onChange({ ...values, ...changes });
  const pick = (
    field: string,
    label: string,
    value: string,
    onPick: (v: string) => void,
    data: Choices,
    description?: string,
  ) => (
    <NativeSelect
      key={field}
      id={inputId(field)}
      label={label}
      description={description}
      value={value}
      onChange={(e) => onPick(e.currentTarget.value)}
      error={errors[field]}
      data={data}
    />
  );
  const grade = (field: keyof AssessmentValues, name: string, label: string, data: Choices) =>
    pick(name, label, values[field] as string, (v) => set({ [field]: v }), data);
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {pick(
          'followUpId',
          'Planned follow-up',
          values.followUpId,
          (followUpId) => set({ followUpId }),
          [
            { value: '', label: 'Not booked ahead' },
            ...due.map((f) => ({
              value: f.id,
              label: `${formatCalendarDate(f.date)}${f.time ? ` at ${f.time}` : ''}${f.notes ? `: ${f.notes}` : ''}`,
            })),
          ],
        )}
        <TextField
          id={inputId('date')}
          type="date"
          label="Follow-up day"
          required
          value={values.date}
          onChange={(text) => set({ date: text })}
          error={errors.date}
        />
        {pick(
          'sessionId',
          'Session followed up',
          values.sessionId,
          (sessionId) => set({ sessionId }),
          [
            { value: '', label: 'None named' },
            ...sessions.map((s) => ({
              value: s.id,
              label: `Session of ${formatCalendarDate(s.date)}`,
            })),
          ],
        )}
      </SimpleGrid>
      <Stack gap="xs" role="group" aria-labelledby={inputId('lemperle-heading')}>
        <Text fw={500} size="sm" id={inputId('lemperle-heading')}>
          Lemperle wrinkle grade by zone (0–5, whole grades)
        </Text>
        {errors.lemperleByZone && (
          <Text size="sm" c="red.8" id={inputId('lemperleByZone')} tabIndex={-1}>
            {errors.lemperleByZone}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {ZONES.map((zone) =>
            pick(
              `lemperleByZone.${zone.id}`,
              zone.label,
              values.lemperle[zone.id] ?? '',
              (v) => set({ lemperle: { ...values.lemperle, [zone.id]: v } }),
              scaleChoices(LEMPERLE_SCALE, 'Not graded'),
            ),
          )}
        </SimpleGrid>
        <ScaleLegend />
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {grade(
          'gaisInvestigator',
          'gaisInvestigator',
          'GAIS, investigator',
          scaleChoices(GAIS_SCALE),
        )}
        {grade('gaisSubject', 'gaisSubject', 'GAIS, patient', scaleChoices(GAIS_SCALE))}
        {grade(
          'satisfaction',
          'satisfaction',
          'Satisfaction (1–5)',
          scaleChoices(SATISFACTION_SCALE),
        )}
        {pick(
          'laxityGrade',
          'Laxity grade (0–4)',
          values.laxity,
          (laxity) => set({ laxity }),
          [
            { value: '', label: 'Not graded' },
            ...LAXITY_GRADES.map((g) => ({ value: String(g), label: laxityLabel(g) })),
          ],
          'Alexiades-Armenakas, half steps',
        )}
      </SimpleGrid>
      <NotesField
        id={inputId('notes')}
        value={values.notes}
        onChange={(notes) => set({ notes })}
        error={errors.notes}
      />
    </>
  );
}
