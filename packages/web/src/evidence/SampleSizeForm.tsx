import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TwoProportionsSampleSize, UpperBoundSampleSize } from '@microcore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { operations } from '../api/schema';
import { formatNumber } from '../format/locale';
import { useFieldProblems } from '../forms/useFieldProblems';
import { readable } from './readable';
import {
  DESIGNS,
  type Design,
  FIELDS,
  initialValues,
  rangeHint,
  sampleSizeQuery,
} from './sampleSizeFields';

type SampleSizeAnswer =
  | ({ design: 'upper-bound' } & UpperBoundSampleSize)
  | ({ design: 'two-proportions' } & TwoProportionsSampleSize);

type Query = operations['getSampleSize']['parameters']['query'];

const inputId = (field: string) => `sample-size-${field}`;
const NOUNS = Object.fromEntries(
  Object.values(FIELDS)
    .flat()
    .map((f) => [f.name, f.noun]),
);

/**
 * The sample-size calculator (GET /api/evidence/sample-size): the study the evidence lacks. The
 * fields show the ranges the API accepts; a value it refuses is explained beside its field.
 */
export function SampleSizeForm() {
  const [design, setDesign] = useState<Design>('upper-bound');
  const [values, setValues] = useState(initialValues);
  const fields = FIELDS[design];
  const problems = useFieldProblems({
    nouns: NOUNS,
    fields: fields.map((f) => f.name),
    inputId,
  });
  const calculate = useMutation({
    mutationFn: async () => {
      const query = sampleSizeQuery(design, values) as unknown as Query;
      return unwrap(
        await api.GET('/api/evidence/sample-size', { params: { query } }),
      ) as unknown as SampleSizeAnswer;
    },
    onMutate: () => problems.clear(),
    onError: (error) => problems.show(error, 'Not calculated'),
  });
  const answer = calculate.data?.design === design ? calculate.data : undefined;
  const problemCount = Object.keys(problems.errors).length + problems.other.length;
  return (
    <Card withBorder component="section" aria-labelledby="sample-size-title">
      <Title order={3} size="h4" id="sample-size-title" mb="xs">
        Sample size for the study the evidence lacks
      </Title>
      <form
        aria-labelledby="sample-size-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          calculate.mutate();
        }}
      >
        <Stack gap="sm" maw={640}>
          <SegmentedControl
            aria-label="Study design"
            value={design}
            onChange={(value) => {
              setDesign(value as Design);
              problems.clear();
            }}
            data={DESIGNS.map((d) => ({ value: d.value, label: d.label }))}
          />
          <Text size="sm">{DESIGNS.find((d) => d.value === design)?.question}</Text>
          {problemCount > 0 && (
            <Alert color="red" title="Not calculated" role="alert">
              <Text size="sm">
                {problemCount === 1
                  ? 'One field needs attention; its reason is beside it.'
                  : `${problemCount} fields need attention; each reason is beside its field.`}
              </Text>
              {problems.other.map((message) => (
                <Text size="sm" key={message}>
                  {message}
                </Text>
              ))}
            </Alert>
          )}
          {problems.failure && (
            <Alert color="red" title="Not calculated" role="alert">
              {problems.failure}
            </Alert>
          )}
          <Group grow align="flex-start">
            {fields.map((field) => (
              <TextInput
                key={field.name}
                id={inputId(field.name)}
                label={field.label}
                description={rangeHint(field)}
                inputMode="decimal"
                value={values[field.name] ?? ''}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  setValues((v) => ({ ...v, [field.name]: text }));
                }}
                error={problems.errors[field.name]}
                required={!field.optional}
              />
            ))}
          </Group>
          <Group>
            <Button type="submit" loading={calculate.isPending}>
              Calculate
            </Button>
          </Group>
          {answer && <Explanation answer={answer} />}
        </Stack>
      </form>
    </Card>
  );
}

function Explanation({ answer }: { answer: SampleSizeAnswer }) {
  const share = (v: number) => readable(v, 'share');
  if (answer.design === 'upper-bound')
    return (
      <Alert color="teal" title={`${formatNumber(answer.patients)} patients`} role="status">
        <Text size="sm">
          With {formatNumber(answer.patients)} patients and {formatNumber(answer.expectedEvents)}{' '}
          event{answer.expectedEvents === 1 ? '' : 's'} (the expected rate, counted up), the exact
          (Clopper–Pearson) one-sided {share(1 - answer.oneSidedAlpha)} upper confidence bound on
          the rate is {share(answer.upperBound)}: below the limit asked for.
          {answer.ruleOfThreePatients !== null &&
            ` The rule of three (3 ÷ the bound) gives ${formatNumber(answer.ruleOfThreePatients)}.`}
        </Text>
      </Alert>
    );
  return (
    <Alert
      color="teal"
      title={`${formatNumber(answer.perGroupCorrected)} patients per group`}
      role="status"
    >
      <Text size="sm">
        {formatNumber(answer.perGroupCorrected)} patients in each of two equal groups (
        {formatNumber(2 * answer.perGroupCorrected)} in all) detect the difference with a two-sided
        test at alpha {formatNumber(answer.alpha)} with {share(answer.power)} power, with the
        continuity correction of Fleiss, Tytun &amp; Ury (without it:{' '}
        {formatNumber(answer.perGroupUncorrected)} per group).
      </Text>
    </Alert>
  );
}
