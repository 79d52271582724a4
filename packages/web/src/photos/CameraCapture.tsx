import { Alert, Box, Button, Group, Slider, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Photo } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import classes from './photos.module.css';
import { photoUrl, viewLabel } from './views';

/** getUserMedia is there only in a secure context (https, or localhost) of a browser with one. */
const cameraAvailable = () =>
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * The live camera, for a follow-up: the baseline photo of the same view is laid over the picture
 * as a translucent ghost, so the patient's pose and the camera's distance can be matched before
 * taking it. "Take photo" hands a JPEG of the frame to the form; nothing is stored until it is
 * saved. The preview is not mirrored: what is seen is what is taken, ghost included.
 */
export function CameraCapture({
  patientId,
  ghostPhoto,
  onCapture,
}: {
  patientId: string;
  ghostPhoto: Photo | undefined;
  onCapture: (file: File) => void;
}) {
  const [stream, setStream] = useState<MediaStream>();
  const [failure, setFailure] = useState<string>();
  const [ghostOpacity, setGhostOpacity] = useState(40);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
    return () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [stream]);

  if (!cameraAvailable()) return null;

  const start = async () => {
    setFailure(undefined);
    try {
      setStream(
        await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false }),
      );
    } catch (error) {
      setFailure(
        `The camera could not be opened (${error instanceof Error ? error.name : 'refused'}): allow this site to use it, or choose a file.`,
      );
    }
  };
  const stop = () => setStream(undefined);

  const take = () => {
    const element = video.current;
    if (!element || element.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = element.videoWidth;
    canvas.height = element.videoHeight;
    canvas.getContext('2d')?.drawImage(element, 0, 0);
    canvas.toBlob(
      (blob) => {
        if (!blob) return;
        onCapture(new File([blob], `camera-${Date.now()}.jpg`, { type: 'image/jpeg' }));
        stop();
      },
      'image/jpeg',
      0.92,
    );
  };

  if (!stream)
    return (
      <Stack gap={4}>
        <Group>
          <Button variant="default" onClick={start}>
            Use the camera
          </Button>
        </Group>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
      </Stack>
    );

  return (
    <Stack gap="xs" aria-label="Camera" role="group">
      <Box className={classes.camera}>
        <video
          ref={video}
          autoPlay
          muted
          playsInline
          className={classes.cameraLayer}
          aria-label="The camera's picture"
        />
        {ghostPhoto && (
          <img
            src={photoUrl(patientId, ghostPhoto.id)}
            alt=""
            data-testid="camera-ghost"
            className={classes.cameraLayer}
            style={{ opacity: ghostOpacity / 100 }}
          />
        )}
      </Box>
      <Text size="sm" c="dimmed">
        {ghostPhoto
          ? `Ghost: the baseline ${viewLabel(ghostPhoto.view).toLowerCase()} photo of ${formatCalendarDate(ghostPhoto.takenDate)}. Match the pose and the distance, then take the photo.`
          : 'No baseline of this view yet: choose the view to see its baseline as a ghost.'}
      </Text>
      {ghostPhoto && (
        <Text size="sm" id="ghost-opacity">
          Ghost opacity
        </Text>
      )}
      {ghostPhoto && (
        <Slider
          maw={320}
          label={(value) => `${value} %`}
          value={ghostOpacity}
          onChange={setGhostOpacity}
          min={10}
          max={80}
          step={5}
          thumbLabel="Ghost opacity"
        />
      )}
      <Group>
        <Button onClick={take}>Take photo</Button>
        <Button variant="default" onClick={stop}>
          Close the camera
        </Button>
      </Group>
    </Stack>
  );
}
