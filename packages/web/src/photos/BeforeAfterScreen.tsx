import {
  Alert,
  Anchor,
  Group,
  Loader,
  NativeSelect,
  SegmentedControl,
  Slider,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle, useElementSize } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isNotFound } from '../api/problem';
import type { Photo, PupilMarks } from '../api/types';
import { formatCalendarDate, formatNumber } from '../format/locale';
import { WARNING_COLOUR } from '../planner/colours';
import { NotFound } from '../shell/NotFound';
import { type Alignment, alignOnPupils, cssMatrix, type Similarity, zoomed } from './eyeAlignment';
import { PhotoAccess } from './PhotoAccess';
import classes from './photos.module.css';
import { usePhotos, usePupilMarks } from './queries';
import { type PhotoSize, usePhotoSize } from './usePhotoSize';
import {
  comparablePhotosOfView,
  PHOTO_VIEWS,
  type PhotoView,
  photoUrl,
  VIEW_LABELS,
} from './views';

/** The tallest a compared photo is drawn, CSS px. */
const MAX_HEIGHT_PX = 520;
const GAP_PX = 16;

/**
 * Before and after (`/patients/:id/photos/compare?view=…&before=…&after=…`): two photos of one
 * view, side by side or over each other with a sliding divider, the after photo scaled and turned
 * so its pupils fall on the before photo's (eyeAlignment.ts).
 */
export function BeforeAfterScreen() {
  return (
    <PhotoAccess>
      <BeforeAfter />
    </PhotoAccess>
  );
}

function BeforeAfter() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const photos = usePhotos(id);
  const marks = usePupilMarks(id);
  useDocumentTitle('Before and after · microcore');
  if (isNotFound(photos.error)) return <NotFound what="patient" />;
  const failed = photos.error ?? marks.error;
  if (failed)
    return (
      <Alert color="red" title="The photos could not be loaded">
        {failed.message}
      </Alert>
    );
  if (!photos.data || !marks.data) return <Loader aria-label="Loading the photos" />;

  const views = PHOTO_VIEWS.filter((v) => comparablePhotosOfView(photos.data, v).length >= 2);
  const asked = search.get('view') as PhotoView | null;
  const view = asked && views.includes(asked) ? asked : views[0];
  const back = (
    <Anchor component={Link} to={`/patients/${id}/photos`} size="sm">
      All photos of the patient
    </Anchor>
  );
  if (!view)
    return (
      <Stack>
        <Title order={2}>Before and after</Title>
        <Text>No view has two photos yet: take a follow-up of a view that has a baseline.</Text>
        {back}
      </Stack>
    );
  const ofView = comparablePhotosOfView(photos.data, view);
  const pick = (key: string, fallback: Photo) =>
    ofView.find((p) => p.id === search.get(key)) ?? fallback;
  const before = pick('before', ofView[0]);
  const after = pick('after', ofView[ofView.length - 1]);
  const choose = (key: string, value: string) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        if (key === 'view') {
          next.delete('before');
          next.delete('after');
        }
        return next;
      },
      { replace: true },
    );
  const option = (p: Photo) => ({ value: p.id, label: formatCalendarDate(p.takenDate) });

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2}>Before and after</Title>
        {back}
      </Stack>
      <Group align="flex-end">
        <NativeSelect
          label="View"
          value={view}
          onChange={(e) => choose('view', e.currentTarget.value)}
          data={views.map((v) => ({ value: v, label: VIEW_LABELS[v] }))}
        />
        <NativeSelect
          label="Before"
          value={before.id}
          onChange={(e) => choose('before', e.currentTarget.value)}
          data={ofView.map(option)}
        />
        <NativeSelect
          label="After"
          value={after.id}
          onChange={(e) => choose('after', e.currentTarget.value)}
          data={ofView.map(option)}
        />
      </Group>
      <Comparison
        patientId={id}
        before={before}
        after={after}
        beforeMarks={marks.data.get(before.id)}
        afterMarks={marks.data.get(after.id)}
      />
    </Stack>
  );
}

function Comparison({
  patientId,
  before,
  after,
  beforeMarks,
  afterMarks,
}: {
  patientId: string;
  before: Photo;
  after: Photo;
  beforeMarks: PupilMarks | undefined;
  afterMarks: PupilMarks | undefined;
}) {
  const [mode, setMode] = useState<'side' | 'slider'>('side');
  const [dividerPercent, setDividerPercent] = useState(50);
  const { ref, width } = useElementSize();
  const beforeSize = usePhotoSize(photoUrl(patientId, before.id));
  const afterSize = usePhotoSize(photoUrl(patientId, after.id));
  const alignment: Alignment | undefined =
    beforeMarks && afterMarks ? alignOnPupils(beforeMarks, afterMarks) : undefined;
  const markLink = (photo: Photo) => (
    <Anchor component={Link} to={`/patients/${patientId}/photos/${photo.id}`}>
      mark the {formatCalendarDate(photo.takenDate)} photo
    </Anchor>
  );

  let notice: ReactNode;
  if (!alignment) {
    const unmarked = [beforeMarks ? undefined : before, afterMarks ? undefined : after].filter(
      (p): p is Photo => p !== undefined,
    );
    notice = (
      <Alert variant="light" color={WARNING_COLOUR} title="Not aligned">
        Each photo is only fitted to its frame: scale and angle may differ. To align them on the
        eyes,{' '}
        {unmarked.map((p, i) => (
          <span key={p.id}>
            {i > 0 && ' and '}
            {markLink(p)}
          </span>
        ))}
        .
      </Alert>
    );
  } else if (!alignment.ok) {
    notice = (
      <Alert color="red" title="Not aligned">
        {alignment.message}
      </Alert>
    );
  } else {
    notice = (
      <Text size="sm" data-testid="alignment-note">
        Aligned on the eyes, because differing scale and angle make before/after photos mislead: the
        after photo is scaled ×{formatNumber(alignment.scale, { maximumFractionDigits: 2 })} and
        turned {formatNumber(alignment.rotationDeg, { maximumFractionDigits: 1 })}° so that its
        pupils fall on the before photo's.
      </Text>
    );
  }

  const sideBySide = mode === 'side';
  const roomWidth = sideBySide ? (width - GAP_PX) / 2 : width;
  const zoom = beforeSize ? fittedZoom(beforeSize, roomWidth) : 0;
  const frameWidth = beforeSize ? beforeSize.widthPx * zoom : 0;
  const ready = beforeSize && afterSize && zoom > 0;
  const beforeDate = formatCalendarDate(before.takenDate);
  const afterDate = formatCalendarDate(after.takenDate);
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Comparison"
        value={mode}
        onChange={(value) => setMode(value as 'side' | 'slider')}
        data={[
          { value: 'side', label: 'Side by side' },
          { value: 'slider', label: 'Sliding divider' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {notice}
      {sideBySide ? (
        <Group gap={GAP_PX} wrap="nowrap">
          <Text size="sm" fw={600} w={frameWidth}>
            Before: {beforeDate}
          </Text>
          <Text size="sm" fw={600} w={frameWidth}>
            After: {afterDate}
          </Text>
        </Group>
      ) : (
        <Text size="sm" fw={600}>
          Before ({beforeDate}) left of the divider, after ({afterDate}) right of it
        </Text>
      )}
      <div ref={ref}>
        {ready && (
          <Frames
            patientId={patientId}
            before={before}
            after={after}
            beforeSize={beforeSize}
            afterSize={afterSize}
            zoom={zoom}
            transform={alignment?.ok ? alignment.transform : undefined}
            dividerPercent={sideBySide ? undefined : dividerPercent}
          />
        )}
      </div>
      {!sideBySide && (
        <Slider
          value={dividerPercent}
          onChange={setDividerPercent}
          min={0}
          max={100}
          step={1}
          label={(value) => `${value} %`}
          thumbLabel="Divider position: before on the left, after on the right"
          maw={frameWidth > 0 ? frameWidth : undefined}
        />
      )}
    </Stack>
  );
}

/** Screen px per pixel of the before photo: as wide as the room, at most MAX_HEIGHT_PX high. */
const fittedZoom = (size: PhotoSize, roomWidth: number) =>
  Math.max(0, Math.min(roomWidth / size.widthPx, MAX_HEIGHT_PX / size.heightPx));

/**
 * The photos drawn at their natural size and placed by CSS transforms: the before photo fitted to
 * the frame (zoom k), the after photo mapped by the eye alignment then the same zoom, so both
 * sets of pupils land on the same screen points. Without an alignment the after photo is fitted
 * to the frame on its own.
 */
function Frames({
  patientId,
  before,
  after,
  beforeSize,
  afterSize,
  zoom,
  transform,
  dividerPercent,
}: {
  patientId: string;
  before: Photo;
  after: Photo;
  beforeSize: PhotoSize;
  afterSize: PhotoSize;
  /** Screen px per pixel of the before photo. */
  zoom: number;
  transform: Similarity | undefined;
  /** Undefined: side by side. */
  dividerPercent: number | undefined;
}) {
  const box = { width: beforeSize.widthPx * zoom, height: beforeSize.heightPx * zoom };
  const afterFit = Math.min(box.width / afterSize.widthPx, box.height / afterSize.heightPx);
  const afterPlacement = transform ? zoomed(transform, zoom) : { a: afterFit, b: 0, tx: 0, ty: 0 };
  const beforeImage = (
    <img
      src={photoUrl(patientId, before.id)}
      alt={`Before: ${formatCalendarDate(before.takenDate)}`}
      data-testid="before-image"
      className={classes.placed}
      style={{
        width: beforeSize.widthPx,
        height: beforeSize.heightPx,
        transform: cssMatrix({ a: zoom, b: 0, tx: 0, ty: 0 }),
      }}
    />
  );
  const afterImage = (
    <img
      src={photoUrl(patientId, after.id)}
      alt={`After: ${formatCalendarDate(after.takenDate)}`}
      data-testid="after-image"
      className={classes.placed}
      style={{
        width: afterSize.widthPx,
        height: afterSize.heightPx,
        transform: cssMatrix(afterPlacement),
      }}
    />
  );
  if (dividerPercent === undefined)
    return (
      <Group gap={GAP_PX} wrap="nowrap" align="flex-start" data-testid="side-by-side">
        <figure className={classes.stage} style={{ ...box, margin: 0 }}>
          {beforeImage}
        </figure>
        <figure className={classes.stage} style={{ ...box, margin: 0 }}>
          {afterImage}
        </figure>
      </Group>
    );
  return (
    <div className={classes.stage} style={box} data-testid="slider-frame">
      {beforeImage}
      <div style={{ position: 'absolute', inset: 0, clipPath: `inset(0 0 0 ${dividerPercent}%)` }}>
        {afterImage}
      </div>
      <span className={classes.divider} style={{ left: `${dividerPercent}%` }} />
    </div>
  );
}
