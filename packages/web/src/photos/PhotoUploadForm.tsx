import {
  Alert,
  Button,
  FileInput,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/problem';
import type { Photo } from '../api/types';
import { plainFieldErrors } from '../forms/plainFieldErrors';
import { recordKeys } from '../patients/recordQueries';
import { SAVED_COLOUR } from '../planner/colours';
import { CameraCapture } from './CameraCapture';
import { uploadPhoto } from './queries';
import { baselineOf, PHOTO_VIEWS, type PhotoView, VIEW_LABELS } from './views';

const FIELD_NOUNS = { view: 'view', takenDate: 'day taken', body: 'photo', consentId: 'consent' };
const inputId = (field: string) => `photo-${field}`;

/**
 * A new photo: its view, the day taken and the picture, from a file (on a tablet the picker
 * offers its camera) or from the live camera with the baseline of the same view as a ghost. The
 * form checks nothing itself: the server's 422 names each field (an empty view, a file that is
 * not a JPEG or PNG), and nothing is stored.
 */
export function PhotoUploadForm({
  patientId,
  consentId,
  today,
  photos,
}: {
  patientId: string;
  consentId: string;
  today: string;
  photos: readonly Photo[];
}) {
  const [view, setView] = useState<PhotoView | ''>('');
  const [takenDate, setTakenDate] = useState(today);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [stored, setStored] = useState<Photo>();
  const queryClient = useQueryClient();
  const preview = useMemo(() => (file ? URL.createObjectURL(file) : undefined), [file]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);
  const baseline = view ? baselineOf(photos, view) : undefined;

  const upload = useMutation({
    mutationFn: uploadPhoto,
    onSuccess: async (photo) => {
      setErrors({});
      setOtherErrors([]);
      setFile(null);
      setStored(photo);
      await queryClient.invalidateQueries({ queryKey: recordKeys.photos(patientId) });
    },
    onError: (error) => {
      setStored(undefined);
      if (error instanceof ApiError && error.status === 422 && error.problem.errors.length > 0) {
        const plain = plainFieldErrors(error.problem.errors, FIELD_NOUNS);
        setErrors(plain.byField);
        setOtherErrors(plain.other);
      } else if (error instanceof ApiError && error.status === 415) {
        setErrors({
          body: `Choose a JPEG or PNG photo: this file is ${file?.type || 'of no image type'}.`,
        });
        setOtherErrors([]);
      } else {
        setErrors({});
        setOtherErrors([`The photo was not saved: ${error.message}`]);
      }
    },
  });

  // After a refusal, the cursor goes to the first field that needs attention.
  useEffect(() => {
    const first = ['view', 'takenDate', 'body'].find((field) => errors[field]);
    if (first) document.getElementById(inputId(first))?.focus();
  }, [errors]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setErrors({ body: 'Choose a photo file, or take one with the camera.' });
      return;
    }
    if (!upload.isPending) upload.mutate({ patientId, consentId, takenDate, view, file });
  };

  const errorCount = Object.keys(errors).length + otherErrors.length;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New photo">
      <Stack gap="sm">
        {errorCount > 0 && (
          <Alert color="red" title="Not saved" role="alert">
            {Object.keys(errors).length > 0 && (
              <Text size="sm">Each reason is beside its field.</Text>
            )}
            {otherErrors.map((message) => (
              <Text size="sm" key={message}>
                {message}
              </Text>
            ))}
          </Alert>
        )}
        {stored && (
          <Alert variant="light" color={SAVED_COLOUR} title="Photo saved" role="status">
            Its metadata (camera, place, time) was removed before it was stored.
          </Alert>
        )}
        <Group align="flex-start" grow>
          <NativeSelect
            id={inputId('view')}
            label="View"
            withAsterisk
            value={view}
            onChange={(e) => setView(e.currentTarget.value as PhotoView | '')}
            error={errors.view}
            data={[
              { value: '', label: 'Choose…' },
              ...PHOTO_VIEWS.map((v) => ({ value: v, label: VIEW_LABELS[v] })),
            ]}
          />
          <TextInput
            id={inputId('takenDate')}
            label="Day taken"
            type="date"
            withAsterisk
            value={takenDate}
            onChange={(e) => setTakenDate(e.currentTarget.value)}
            error={errors.takenDate}
          />
        </Group>
        <FileInput
          id={inputId('body')}
          label="Photo"
          description="A JPEG or PNG; on a tablet, the picker can use the camera."
          withAsterisk
          clearable
          accept="image/*"
          capture="user"
          value={file}
          onChange={(chosen) => {
            setFile(chosen);
            setStored(undefined);
          }}
          error={errors.body}
        />
        <CameraCapture
          ghostPhoto={baseline}
          patientId={patientId}
          onCapture={(captured) => {
            setFile(captured);
            setStored(undefined);
          }}
        />
        {preview && (
          <img
            src={preview}
            alt="To be saved (preview)"
            style={{ maxWidth: 240, maxHeight: 240 }}
          />
        )}
        <Group>
          <Button type="submit" loading={upload.isPending}>
            Save photo
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
