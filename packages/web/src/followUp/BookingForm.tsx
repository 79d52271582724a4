import { Group } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import { FormCard } from '../forms/FormCard';
import { SavedNote } from '../forms/SavedNote';
import { SubmitRow } from '../forms/SubmitRow';
import { TextField } from '../forms/TextField';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import { recordKeys } from '../patients/recordQueries';

const bookId = (field: string) => fieldInputId('booking', field);
const BOOKING_NOUNS = { date: 'follow-up day', time: 'time', notes: 'notes' };

/** Book a follow-up ahead: a day (today or later), an optional time, a note. */
export function BookingForm({ patient }: { patient: Patient }) {
  const queryClient = useQueryClient();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [notes, setNotes] = useState('');
  const { save, submit, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/follow-ups', {
          params: { path: { id: patient.id } },
          body: { date, time: time || null, notes: notes.trim() || null },
        }),
      ),
    nouns: BOOKING_NOUNS,
    inputId: bookId,
    what: 'The booking',
    onSaved: async () => {
      setDate('');
      setTime('');
      setNotes('');
      await queryClient.invalidateQueries({ queryKey: recordKeys.followUps(patient.id) });
    },
  });
  return (
    <FormCard
      id="book-follow-up"
      title="Book a follow-up"
      small
      onSubmit={submit}
      problems={{ errors, other, failure }}
    >
      {save.isSuccess && (
        <SavedNote title="Booked">
          Follow-up booked for {formatCalendarDate(save.data.date)}
          {save.data.time ? ` at ${save.data.time}` : ''}.
        </SavedNote>
      )}
      <Group grow align="flex-start">
        <TextField
          id={bookId('date')}
          type="date"
          label="Follow-up day"
          description="Today or later"
          required
          value={date}
          onChange={setDate}
          error={errors.date}
        />
        <TextField
          id={bookId('time')}
          type="time"
          label="Time"
          description="Optional, the clinic's time"
          value={time}
          onChange={setTime}
          error={errors.time}
        />
      </Group>
      <TextField
        id={bookId('notes')}
        label="Notes"
        description="e.g. 90-day review"
        value={notes}
        onChange={setNotes}
        error={errors.notes}
      />
      <SubmitRow saving={save.isPending} disabled={patient.archived}>
        Book
      </SubmitRow>
    </FormCard>
  );
}
