import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { isVersionConflict } from './conflict';
import { recordHistory } from './correctionsApi';
import { type CorrectableKind, kindListKey, type VersionedRecord } from './kinds';
import type { Version } from './versionDiff';

type Json = Record<string, unknown>;

/**
 * A change of a record made against the version read (a correction, a strike-out). On success
 * the kind's list (and the histories under it) is read again, and for an assessment the planned
 * follow-ups it may record. On a 409 because the record
 * changed meanwhile, its current version is reloaded from the history: it becomes the version
 * read (so the next try is made against it), `conflict` says what the user had read and what
 * stands now, and `onConflict` lets the form bring what the user typed onto it.
 */
export function useVersionedChange<Sent>(options: {
  where: { kind: CorrectableKind; patientId: string; recordId: string };
  record: VersionedRecord;
  problems: ReturnType<typeof useFieldProblems>;
  /** Starts the sentence of a failure that is not a field's ("The session was not corrected"). */
  failed: string;
  send: (sent: Sent, expectedVersion: number) => Promise<Json>;
  onSaved: (saved: Json) => void;
  onConflict?: (read: Json, now: Version) => void;
}) {
  const { where, problems } = options;
  const queryClient = useQueryClient();
  const [read, setRead] = useState({
    version: options.record.version,
    record: options.record as unknown as Json,
  });
  const [conflict, setConflict] = useState<{ read: Json; now: Version }>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: kindListKey(where.kind, where.patientId) }),
      // A planned follow-up is recorded by its assessment: one corrected or struck out may give
      // the booking back (or take another), so the follow-ups (and the timeline) are read again.
      where.kind === 'assessments' &&
        queryClient.invalidateQueries({ queryKey: recordKeys.followUps(where.patientId) }),
    ]);
  const change = useMutation({
    mutationFn: (sent: Sent) => options.send(sent, read.version),
    onSuccess: async (saved) => {
      problems.clear();
      await refresh();
      options.onSaved(saved);
    },
    onError: async (error) => {
      const now = isVersionConflict(error) ? (await recordHistory(where)).at(-1) : undefined;
      if (!now) return problems.show(error, options.failed);
      problems.clear();
      options.onConflict?.(read.record, now);
      setConflict({ read: read.record, now });
      setRead({ version: now.version, record: now.record });
      await refresh();
    },
  });
  return { read, conflict, change };
}
