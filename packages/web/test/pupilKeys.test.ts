import { describe, expect, it } from 'vitest';
import { imagePoint, nudgedMarker } from '../src/photos/pupilKeys';

const IMAGE = { widthPx: 320, heightPx: 240 };

describe('nudgedMarker', () => {
  it('starts an unplaced marker at the centre, then moves 1 px per arrow, 10 with Shift', () => {
    const start = nudgedMarker(undefined, 'ArrowRight', false, IMAGE);
    expect(start).toEqual({ x: 160, y: 120 });
    expect(nudgedMarker(start, 'ArrowRight', false, IMAGE)).toEqual({ x: 161, y: 120 });
    expect(nudgedMarker(start, 'ArrowUp', true, IMAGE)).toEqual({ x: 160, y: 110 });
    expect(nudgedMarker(start, 'ArrowLeft', true, IMAGE)).toEqual({ x: 150, y: 120 });
    expect(nudgedMarker(start, 'ArrowDown', false, IMAGE)).toEqual({ x: 160, y: 121 });
  });

  it('stays inside the image and ignores other keys', () => {
    expect(nudgedMarker({ x: 315, y: 3 }, 'ArrowRight', true, IMAGE)).toEqual({ x: 320, y: 3 });
    expect(nudgedMarker({ x: 315, y: 3 }, 'ArrowUp', true, IMAGE)).toEqual({ x: 315, y: 0 });
    expect(nudgedMarker({ x: 5, y: 5 }, 'Enter', false, IMAGE)).toBeUndefined();
  });
});

describe('imagePoint', () => {
  it("turns a click on the drawn image into the image's pixels", () => {
    // A 320 px wide image drawn 640 px wide at (100, 50): 2 screen px per image px.
    expect(imagePoint({ x: 300, y: 150 }, { left: 100, top: 50, width: 640 }, 320)).toEqual({
      x: 100,
      y: 50,
    });
    expect(imagePoint({ x: 101, y: 51 }, { left: 100, top: 50, width: 640 }, 320)).toEqual({
      x: 0.5,
      y: 0.5,
    });
  });
});
