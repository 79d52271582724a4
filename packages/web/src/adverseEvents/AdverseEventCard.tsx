import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { AdverseEvent, TreatmentSession } from '../api/types';
import { RecordCorrections } from '../corrections/RecordCorrections';
import { StruckOut } from '../corrections/StruckOut';
import { formatCalendarDate, formatDateTime } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { TextField } from '../forms/TextField';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { Facts } from '../shell/Facts';
import { relatednessLabel, severityLabel, typeLabel } from './adverseEventChoices';
import { adverseEventCorrection } from './adverseEventCorrection';

const NOUNS = { resolutionDate: 'resolution date' };
const FIELDS = ['resolutionDate'];

/**
 * One adverse event: what, when, how severe, how related; resolved with a day (not before the
 * onset, not after today) or reopened (the resolution date cleared). Each is a PATCH of the
 * resolution date only.
 */
export function AdverseEventCard({
  event,
  today,
  sessions,
  sessionDate,
  archived,
}: {
  event: AdverseEvent;
  today: string;
  /** The patient's sessions, which a correction may name. */
  sessions: readonly TreatmentSession[];
  archived: boolean;
  /** The day of the session it followed, when it names one. */
  sessionDate: string | undefined;
}) {
  const [resolvedOn, setResolvedOn] = useState(today);
  const inputId = (field: string) => `${field}-${event.id}`;
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId });
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: async (resolutionDate: string | null) =>
      unwrap(
        await api.PATCH('/api/patients/{id}/adverse-events/{eventId}', {
          params: { path: { id: event.patientId, eventId: event.id } },
          body: { resolutionDate },
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      await queryClient.invalidateQueries({ queryKey: recordKeys.adverseEvents(event.patientId) });
    },
    onError: (error) => problems.show(error, 'Not changed'),
  });
  const onResolve = (e: FormEvent) => {
    e.preventDefault();
    if (!change.isPending) change.mutate(resolvedOn);
  };
  const heading = `${typeLabel(event.type)}, onset ${formatCalendarDate(event.onsetDate)}`;
  const headingId = `adverse-event-${event.id}`;
  // A struck-out event takes no further change: no resolving or reopening.
  const struck = event.recordStatus === 'entered-in-error';
  return (
    <Card withBorder component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={4} id={headingId}>
            <StruckOut record={event}>{heading}</StruckOut>
          </Title>
          {event.resolutionDate === null ? (
            <Badge color="red.9" c="white">
              Ongoing
            </Badge>
          ) : (
            <Badge color="teal.9" c="white">
              Resolved
            </Badge>
          )}
        </Group>
        {event.description && <Text size="sm">{event.description}</Text>}
        <Facts
          items={[
            ['Severity', severityLabel(event.severity)],
            ['Relatedness', relatednessLabel(event.relatedness)],
            [
              'Followed the session of',
              sessionDate ? formatCalendarDate(sessionDate) : event.sessionId ? 'a session' : '—',
            ],
            [
              'Resolved on',
              event.resolutionDate ? formatCalendarDate(event.resolutionDate) : 'not yet',
            ],
            ['Recorded', formatDateTime(event.createdAt)],
          ]}
        />
        <FormProblems {...problems} />
        {struck ? null : event.resolutionDate === null ? (
          <form onSubmit={onResolve} noValidate aria-label={`Resolve: ${heading}`}>
            <Group align="flex-end" gap="sm">
              <TextField
                id={inputId('resolutionDate')}
                type="date"
                label="Resolution date"
                value={resolvedOn}
                onChange={setResolvedOn}
                error={problems.errors.resolutionDate}
              />
              <Button type="submit" loading={change.isPending}>
                Resolve
              </Button>
            </Group>
          </form>
        ) : (
          <Group>
            <Button
              variant="default"
              loading={change.isPending}
              onClick={() => change.mutate(null)}
              aria-label={`Reopen: ${heading}`}
            >
              Reopen
            </Button>
          </Group>
        )}
        <RecordCorrections
          kind="adverse-events"
          patientId={event.patientId}
          record={event}
          name={heading}
          spec={adverseEventCorrection(sessions)}
          archived={archived}
        />
      </Stack>
    </Card>
  );
}
