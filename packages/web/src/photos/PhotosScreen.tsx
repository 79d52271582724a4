import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/problem';
import type { Photo, PupilMarks } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { RecordCorrections } from '../corrections/RecordCorrections';
import { StruckOut } from '../corrections/StruckOut';
import { formatCalendarDate } from '../format/locale';
import { usePatient } from '../patients/queries';
import { SAVED_COLOUR, WARNING_COLOUR } from '../planner/colours';
import { NotFound } from '../shell/NotFound';
import { PhotoAccess } from './PhotoAccess';
import { PhotoUploadForm } from './PhotoUploadForm';
import { photoCorrection } from './photoCorrection';
import classes from './photos.module.css';
import { usePhotographyConsent, usePhotos, usePupilMarks } from './queries';
import { PHOTO_VIEWS, photosOfView, thumbnailUrl, VIEW_LABELS, viewLabel } from './views';

/**
 * A patient's photos (`/patients/:id/photos`): a new one from a file or the camera, and those
 * taken, by view, each with whether its pupils are marked; a view with two photos or more opens
 * the before/after comparison.
 */
export function PhotosScreen() {
  return (
    <PhotoAccess>
      <Photos />
    </PhotoAccess>
  );
}

function Photos() {
  const { id = '' } = useParams();
  const { clinic } = useAuth();
  const patient = usePatient(id);
  const photos = usePhotos(id);
  const marks = usePupilMarks(id);
  const consent = usePhotographyConsent(id);
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : 'Patient';
  useDocumentTitle(`Photos · ${name} · microcore`);
  if (isNotFound(patient.error) || isNotFound(photos.error)) return <NotFound what="patient" />;
  const failed = patient.error ?? photos.error ?? marks.error ?? consent.error;
  if (failed)
    return (
      <Alert color="red" title="The photos could not be loaded">
        {failed.message}
      </Alert>
    );
  if (!patient.data || !photos.data || !marks.data || consent.data === undefined || !clinic)
    return <Loader aria-label="Loading the photos" />;
  const base = `/patients/${id}`;
  const unsorted = photos.data.filter((photo) => !photo.view);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>Photos of {name}</Title>
        <Anchor component={Link} to={base} size="sm">
          Back to the patient
        </Anchor>
      </Stack>
      <Card withBorder component="section" aria-labelledby="new-photo">
        <Title order={3} size="h4" id="new-photo" mb="sm">
          New photo
        </Title>
        {patient.data.archived ? (
          <Text>The patient is archived: no new photos.</Text>
        ) : consent.data ? (
          <PhotoUploadForm
            patientId={id}
            consentId={consent.data.id}
            today={clinic.today}
            photos={photos.data}
          />
        ) : (
          <Alert variant="light" color={WARNING_COLOUR} title="No photography consent">
            Photos are taken only under the patient's active consent to photography: record it
            first.
          </Alert>
        )}
      </Card>
      {photos.data.length === 0 && <Text>No photos yet.</Text>}
      {PHOTO_VIEWS.map((view) => {
        const ofView = photosOfView(photos.data, view);
        if (ofView.length === 0) return null;
        return (
          <section key={view} aria-labelledby={`view-${view}`}>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h4" id={`view-${view}`}>
                {VIEW_LABELS[view]}
              </Title>
              {ofView.length >= 2 && (
                <Anchor component={Link} to={`${base}/photos/compare?view=${view}`}>
                  Before and after: {VIEW_LABELS[view].toLowerCase()}
                </Anchor>
              )}
            </Group>
            <PhotoGrid
              patientId={id}
              archived={patient.data.archived}
              photos={ofView}
              marks={marks.data}
            />
          </section>
        );
      })}
      {unsorted.length > 0 && (
        <section aria-labelledby="view-none">
          <Title order={3} size="h4" id="view-none" mb="xs">
            Without a view
          </Title>
          <PhotoGrid
            patientId={id}
            archived={patient.data.archived}
            photos={unsorted}
            marks={marks.data}
          />
        </section>
      )}
    </Stack>
  );
}

function PhotoGrid({
  patientId,
  archived,
  photos,
  marks,
}: {
  patientId: string;
  archived: boolean;
  photos: readonly Photo[];
  marks: ReadonlyMap<string, PupilMarks>;
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      {photos.map((photo, index) => {
        const taken = formatCalendarDate(photo.takenDate);
        return (
          <Card key={photo.id} withBorder padding="xs">
            <img
              className={classes.thumbnail}
              src={thumbnailUrl(patientId, photo.id)}
              alt={`${viewLabel(photo.view)}, ${taken}`}
              loading="lazy"
            />
            <Text size="sm" mt={4}>
              <StruckOut record={photo}>{taken}</StruckOut>
              {index === 0 && photo.view ? ' · baseline' : ''}
            </Text>
            {marks.has(photo.id) ? (
              <Group gap={4}>
                <Badge variant="light" color={SAVED_COLOUR}>
                  Pupils marked
                </Badge>
                <Anchor component={Link} to={`/patients/${patientId}/photos/${photo.id}`} size="sm">
                  View the marks
                  <VisuallyHidden> on the photo of {taken}</VisuallyHidden>
                </Anchor>
              </Group>
            ) : (
              <Anchor component={Link} to={`/patients/${patientId}/photos/${photo.id}`} size="sm">
                Mark the pupils
                <VisuallyHidden> on the photo of {taken}</VisuallyHidden>
              </Anchor>
            )}
            <RecordCorrections
              kind="photos"
              patientId={patientId}
              record={photo}
              name={`photo of ${taken} (${viewLabel(photo.view).toLowerCase()})`}
              spec={photoCorrection}
              archived={archived}
            />
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
