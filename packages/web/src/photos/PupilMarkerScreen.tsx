import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle, useElementSize } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, type PointerEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, isNotFound } from '../api/problem';
import type { Photo, PupilMarks } from '../api/types';
import { formatCalendarDate, formatDateTime, formatNumber } from '../format/locale';
import { recordKeys } from '../patients/recordQueries';
import { SAVED_COLOUR } from '../planner/colours';
import { NotFound } from '../shell/NotFound';
import type { Point } from './eyeAlignment';
import { PhotoAccess } from './PhotoAccess';
import classes from './photos.module.css';
import { imagePoint, nudgedMarker } from './pupilKeys';
import { markPupils, usePhotos, usePupilMarks } from './queries';
import { type PhotoSize, usePhotoSize } from './usePhotoSize';
import { photoUrl, viewLabel } from './views';

type Side = 'right' | 'left';
const SIDE_LABELS: Readonly<Record<Side, string>> = {
  right: "Patient's right pupil",
  left: "Patient's left pupil",
};
/** The tallest the photo is drawn, CSS px: it fits a 768 px high tablet with the controls. */
const MAX_HEIGHT_PX = 400;

/**
 * Marking a photo's pupils (`/patients/:id/photos/:photoId`), once: click or tap each pupil, or
 * move the chosen marker with the arrow keys. The marks are stored in the image's pixels and
 * never changed afterwards; a marked photo shows its marks.
 */
export function PupilMarkerScreen() {
  return (
    <PhotoAccess>
      <PupilMarker />
    </PhotoAccess>
  );
}

function PupilMarker() {
  const { id = '', photoId = '' } = useParams();
  const photos = usePhotos(id);
  const marks = usePupilMarks(id);
  const photo = photos.data?.find((p) => p.id === photoId);
  const size = usePhotoSize(photo ? photoUrl(id, photo.id) : undefined);
  useDocumentTitle('Pupils · microcore');
  if (isNotFound(photos.error) || (photos.data && !photo)) return <NotFound what="photo" />;
  const failed = photos.error ?? marks.error;
  if (failed)
    return (
      <Alert color="red" title="The photo could not be loaded">
        {failed.message}
      </Alert>
    );
  if (!photo || !marks.data || !size) return <Loader aria-label="Loading the photo" />;
  return <Marker patientId={id} photo={photo} size={size} stored={marks.data.get(photo.id)} />;
}

function Marker({
  patientId,
  photo,
  size,
  stored,
}: {
  patientId: string;
  photo: Photo;
  size: PhotoSize;
  stored: PupilMarks | undefined;
}) {
  const [marks, setMarks] = useState<Partial<Record<Side, Point>>>({});
  const [active, setActive] = useState<Side>('right');
  const [failure, setFailure] = useState<string>();
  const { ref, width } = useElementSize();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (pupils: { left: Point; right: Point }) => markPupils(patientId, photo.id, pupils),
    onSuccess: async () => {
      setFailure(undefined);
      await queryClient.invalidateQueries({ queryKey: recordKeys.pupilMarks(patientId) });
    },
    onError: (error) =>
      setFailure(
        error instanceof ApiError && error.problem.errors.length > 0
          ? error.problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
          : error.message,
      ),
  });

  const shown = stored ? { left: stored.left, right: stored.right } : marks;
  const scale = width > 0 ? Math.min(width / size.widthPx, MAX_HEIGHT_PX / size.heightPx) : 0;
  const taken = formatCalendarDate(photo.takenDate);
  const place = (point: Point) => {
    const next = { ...marks, [active]: point };
    setMarks(next);
    // After a click, the other pupil is next when it is not marked yet.
    const other: Side = active === 'right' ? 'left' : 'right';
    if (!next[other]) setActive(other);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (stored) return;
    place(
      imagePoint(
        { x: event.clientX, y: event.clientY },
        event.currentTarget.getBoundingClientRect(),
        size.widthPx,
      ),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (stored) return;
    const moved = nudgedMarker(marks[active], event.key, event.shiftKey, size);
    if (!moved) return;
    event.preventDefault();
    setMarks((current) => ({ ...current, [active]: moved }));
  };
  const describe = (side: Side) => {
    const point = shown[side];
    return point
      ? `${SIDE_LABELS[side]}: x ${formatNumber(point.x)} px, y ${formatNumber(point.y)} px`
      : `${SIDE_LABELS[side]}: not marked`;
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2}>
          Pupils: {viewLabel(photo.view).toLowerCase()} photo of {taken}
        </Title>
        <Anchor component={Link} to={`/patients/${patientId}/photos`} size="sm">
          All photos of the patient
        </Anchor>
      </Stack>
      {stored ? (
        <Alert variant="light" color={SAVED_COLOUR} title="Pupils marked">
          Marked on {formatDateTime(stored.createdAt)}. Marks are final: they are what every
          before/after comparison with this photo is aligned on.
        </Alert>
      ) : (
        <Text id="pupil-help">
          Click or tap the centre of each pupil. Or choose a pupil below, focus the photo and move
          its marker with the arrow keys (Shift: 10 pixels at a time). The patient's right pupil is
          on your left in a front view.
        </Text>
      )}
      {!stored && (
        <SegmentedControl
          aria-label="Pupil to mark"
          value={active}
          onChange={(value) => setActive(value as Side)}
          data={[
            { value: 'right', label: SIDE_LABELS.right },
            { value: 'left', label: SIDE_LABELS.left },
          ]}
        />
      )}
      <div ref={ref}>
        {scale > 0 && (
          <div
            className={classes.stage}
            style={{ width: size.widthPx * scale, height: size.heightPx * scale }}
            {...(stored
              ? { role: 'img', 'aria-label': 'The photo with its pupils marked' }
              : {
                  // The photo is the marking surface; its keyboard way is the arrow keys.
                  role: 'application',
                  tabIndex: 0,
                  'aria-label': `The photo: marking the ${SIDE_LABELS[active].toLowerCase()}`,
                  'aria-describedby': 'pupil-help',
                  onPointerDown,
                  onKeyDown,
                })}
            data-testid="pupil-stage"
            data-scale={scale}
          >
            <img
              src={photoUrl(patientId, photo.id)}
              alt=""
              draggable={false}
              className={classes.placed}
              style={{ width: size.widthPx * scale, height: size.heightPx * scale }}
            />
            {(['right', 'left'] as const).map((side) => {
              const point = shown[side];
              if (!point) return null;
              return (
                <span
                  key={side}
                  data-testid={`marker-${side}`}
                  className={`${classes.marker} ${!stored && side === active ? classes.markerActive : ''}`}
                  style={{ left: point.x * scale, top: point.y * scale }}
                />
              );
            })}
          </div>
        )}
      </div>
      <Stack gap={2} aria-live="polite">
        <Text size="sm">{describe('right')}</Text>
        <Text size="sm">{describe('left')}</Text>
      </Stack>
      {failure && (
        <Alert color="red" title="Not saved" role="alert">
          {failure}
        </Alert>
      )}
      {!stored && (
        <Group>
          <Button
            disabled={!marks.left || !marks.right}
            loading={save.isPending}
            onClick={() =>
              marks.left && marks.right && save.mutate({ left: marks.left, right: marks.right })
            }
          >
            Save the marks
          </Button>
          <Button variant="default" onClick={() => setMarks({})}>
            Start again
          </Button>
        </Group>
      )}
    </Stack>
  );
}
