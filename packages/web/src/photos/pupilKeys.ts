import type { Point } from './eyeAlignment';

/** A marker moves by 1 image pixel per arrow key, 10 with Shift. */
export const STEP_PX = 1;
export const SHIFT_STEP_PX = 10;

const DIRECTIONS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The keyboard's way to mark a pupil: where an arrow key puts the marker (image pixels), kept
 * inside the image. A marker not placed yet starts at the image's centre. Undefined for any
 * other key (the screen lets it through).
 */
export function nudgedMarker(
  marker: Point | undefined,
  key: string,
  shift: boolean,
  image: { readonly widthPx: number; readonly heightPx: number },
): Point | undefined {
  const direction = DIRECTIONS[key];
  if (!direction) return undefined;
  if (!marker) return { x: image.widthPx / 2, y: image.heightPx / 2 };
  const step = shift ? SHIFT_STEP_PX : STEP_PX;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  return {
    x: clamp(marker.x + direction[0] * step, image.widthPx),
    y: clamp(marker.y + direction[1] * step, image.heightPx),
  };
}

/** A click or tap at (clientX, clientY) on an image drawn in `rect`, in the image's pixels. */
export function imagePoint(
  client: { readonly x: number; readonly y: number },
  rect: { readonly left: number; readonly top: number; readonly width: number },
  widthPx: number,
): Point {
  const perScreenPx = widthPx / rect.width;
  // A tenth of a pixel: finer than any tap, and the marks stay readable.
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    x: round((client.x - rect.left) * perScreenPx),
    y: round((client.y - rect.top) * perScreenPx),
  };
}
