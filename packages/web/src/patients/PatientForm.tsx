import {
  Alert,
  Button,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, isNotFound, unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { FormProblems } from '../forms/FormProblems';
import { useFieldProblems } from '../forms/useFieldProblems';
import { NotFound } from '../shell/NotFound';
import {
  FITZPATRICK_HINTS,
  FITZPATRICK_TYPES,
  fitzpatrickLabel,
  LAXITY_GRADES,
  laxityLabel,
  SEX_LABELS,
  SEXES,
} from './labels';
import {
  EMPTY_PATIENT,
  formValuesOf,
  PATIENT_FIELD_LABELS as LABELS,
  PATIENT_FIELD_NOUNS,
  PATIENT_FIELDS,
  type PatientFormValues,
  patientBody,
} from './patientFormValues';
import { patientKeys, usePatient } from './queries';

const CHOOSE = { value: '', label: 'Choose…' };
const inputId = (field: string) => `patient-${field}`;

/** Register a patient (/patients/new). */
export function NewPatientScreen() {
  useDocumentTitle('Register a patient · microcore');
  return <PatientEditor title="Register a patient" initial={EMPTY_PATIENT} />;
}

/** Change a patient (/patients/:id/edit); another clinic's patient is not found. */
export function EditPatientScreen() {
  const { id = '' } = useParams();
  const patient = usePatient(id);
  useDocumentTitle('Edit patient · microcore');
  if (patient.isPending) return <Loader aria-label="Loading the patient" />;
  if (isNotFound(patient.error)) return <NotFound what="patient" />;
  if (patient.isError)
    return (
      <Alert color="red" title="The patient could not be loaded">
        {patient.error.message}
      </Alert>
    );
  return (
    <PatientEditor
      title={`Edit ${patient.data.givenName} ${patient.data.familyName}`}
      initial={formValuesOf(patient.data)}
      patientId={id}
    />
  );
}

/**
 * The patient's fields, saved through the API. Nothing is checked before sending: the server's
 * rules decide, and each field its 422 names gets the reason, in plain words, beside it; the
 * first such field gets the focus.
 */
function PatientEditor({
  title,
  initial,
  patientId,
}: {
  title: string;
  initial: PatientFormValues;
  patientId?: string;
}) {
  const [values, setValues] = useState(initial);
  const problems = useFieldProblems({
    nouns: PATIENT_FIELD_NOUNS,
    fields: PATIENT_FIELDS,
    inputId,
  });
  const { errors } = problems;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const cancelTo = patientId ? `/patients/${patientId}` : '/patients';

  const save = useMutation({
    mutationFn: async (body: ReturnType<typeof patientBody>): Promise<Patient> =>
      patientId
        ? unwrap(
            await api.PATCH('/api/patients/{id}', { params: { path: { id: patientId } }, body }),
          )
        : unwrap(await api.POST('/api/patients', { body })),
    onSuccess: async (patient) => {
      queryClient.setQueryData(patientKeys.one(patient.id), patient);
      await queryClient.invalidateQueries({ queryKey: patientKeys.all });
      navigate(`/patients/${patient.id}`);
    },
    onError: (error) =>
      error instanceof ApiError && error.status === 404
        ? problems.show(new Error('this patient no longer exists in your clinic'), 'Not saved')
        : problems.show(error, 'The patient was not saved'),
  });

  const set = (field: keyof PatientFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(patientBody(values));
  };

  const text = (field: keyof PatientFormValues, props: Record<string, unknown> = {}) => (
    <TextInput
      id={inputId(field)}
      label={LABELS[field]}
      value={values[field]}
      onChange={(e) => set(field)(e.currentTarget.value)}
      error={errors[field]}
      {...props}
    />
  );

  return (
    <Stack gap="md" maw={760}>
      <Title order={2}>{title}</Title>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          <FormProblems errors={errors} other={problems.other} failure={problems.failure} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('givenName', { autoComplete: 'off', withAsterisk: true })}
            {text('familyName', { autoComplete: 'off', withAsterisk: true })}
            {text('birthDate', { type: 'date', withAsterisk: true })}
            <NativeSelect
              id={inputId('sex')}
              label={LABELS.sex}
              withAsterisk
              value={values.sex}
              onChange={(e) => set('sex')(e.currentTarget.value)}
              error={errors.sex}
              data={[CHOOSE, ...SEXES.map((sex) => ({ value: sex, label: SEX_LABELS[sex] }))]}
            />
            <NativeSelect
              id={inputId('fitzpatrickType')}
              label={LABELS.fitzpatrickType}
              withAsterisk
              value={values.fitzpatrickType}
              onChange={(e) => set('fitzpatrickType')(e.currentTarget.value)}
              error={errors.fitzpatrickType}
              data={[
                CHOOSE,
                ...FITZPATRICK_TYPES.map((type) => ({
                  value: String(type),
                  label: `${fitzpatrickLabel(type)}: ${FITZPATRICK_HINTS[type]}`,
                })),
              ]}
            />
            <NativeSelect
              id={inputId('laxityGrade')}
              label={LABELS.laxityGrade}
              description="Alexiades-Armenakas, 0 (none) to 4 (severe)"
              withAsterisk
              value={values.laxityGrade}
              onChange={(e) => set('laxityGrade')(e.currentTarget.value)}
              error={errors.laxityGrade}
              data={[
                CHOOSE,
                ...LAXITY_GRADES.map((grade) => ({
                  value: String(grade),
                  label: laxityLabel(grade),
                })),
              ]}
            />
            {text('email', { type: 'email', description: 'Optional', autoComplete: 'off' })}
            {text('phone', { type: 'tel', description: 'Optional', autoComplete: 'off' })}
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {patientId ? 'Save changes' : 'Register'}
            </Button>
            <Button component={Link} to={cancelTo} variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
