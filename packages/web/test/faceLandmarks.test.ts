import { DEFAULT_TEMPLATE, geometry, scaleTemplate } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { type FaceFeature, faceFeatures, REFERENCE_FACE } from '../src/planner/faceLandmarks.js';

function feature(features: FaceFeature[], name: FaceFeature['name']): FaceFeature {
  const found = features.find((f) => f.name === name);
  if (!found) throw new Error(name);
  return found;
}

function extent(f: FaceFeature) {
  const xs = f.pointsMm.map((p) => p[0]);
  const ys = f.pointsMm.map((p) => p[1]);
  return {
    minX: Math.min(...xs),
    maxX: Math.max(...xs),
    minY: Math.min(...ys),
    maxY: Math.max(...ys),
  };
}

describe('the face drawn under the zones', () => {
  const face = faceFeatures();

  it("puts the features at Farkas' norms on the reference face", () => {
    const mouth = extent(feature(face, 'mouth'));
    expect(mouth.maxX).toBeCloseTo(25.5, 9); // mouth width 51 mm
    expect(mouth.minX).toBeCloseTo(-25.5, 9);
    expect(mouth.maxY).toBeCloseTo(REFERENCE_FACE.upperLipYMm, 9);
    expect(mouth.minY).toBeCloseTo(REFERENCE_FACE.lowerLipYMm, 9);
    const nose = extent(feature(face, 'nose'));
    expect(Math.min(...feature(face, 'nose').pointsMm.map((p) => p[1]))).toBeCloseTo(70, 9); // subnasale
    expect(nose.maxX - nose.minX).toBeCloseTo(33, 9); // nose width 33 mm
    const eye = extent(feature(face, 'eye-left'));
    expect(eye.minX).toBeCloseTo(16, 9); // intercanthal width 32 mm
    expect(eye.maxX).toBeCloseTo(44.5, 9); // biocular width 89 mm
    const jaw = feature(face, 'jaw').pointsMm;
    expect(jaw).toContainEqual([0, 0]); // menton, the chart's origin
    expect(extent(feature(face, 'outline')).maxY).toBe(REFERENCE_FACE.trichionYMm);
  });

  it('is symmetric: each left feature mirrors its right one, and the lines mirror themselves', () => {
    for (const [left, right] of [
      ['eye-left', 'eye-right'],
      ['iris-left', 'iris-right'],
      ['brow-left', 'brow-right'],
      ['nostril-left', 'nostril-right'],
    ] as const) {
      const l = feature(face, left).pointsMm.map(([x, y]) => `${(-x).toFixed(6)},${y.toFixed(6)}`);
      const r = feature(face, right).pointsMm.map(([x, y]) => `${x.toFixed(6)},${y.toFixed(6)}`);
      expect(new Set(l)).toEqual(new Set(r));
    }
    for (const name of ['outline', 'jaw', 'nose', 'mouth', 'lip-line', 'chin'] as const) {
      const points = feature(face, name).pointsMm.map(
        ([x, y]) => `${x.toFixed(6)},${y.toFixed(6)}`,
      );
      const mirrored = feature(face, name).pointsMm.map(
        ([x, y]) => `${(-x + 0).toFixed(6)},${y.toFixed(6)}`,
      );
      expect(new Set(mirrored)).toEqual(new Set(points));
    }
  });

  it('keeps eyes, nose and mouth off the indicated zones, scaled or not', () => {
    for (const scale of [
      { x: 1, y: 1 },
      { x: 140 / 133, y: 64 / 70 },
      { x: 120 / 133, y: 78 / 70 },
    ]) {
      const features = faceFeatures(scale);
      const zones = scaleTemplate(DEFAULT_TEMPLATE, scale).zones.filter((z) => z.indicated);
      for (const name of ['eye-left', 'eye-right', 'nose', 'mouth', 'brow-left'] as const) {
        for (const [x, y] of feature(features, name).pointsMm) {
          for (const zone of zones) expect(geometry.containsPoint(zone.polygon, x, y)).toBe(false);
        }
      }
    }
  });

  it("scales as the template does: x by the width's ratio, y by the height's", () => {
    const scaled = faceFeatures({ x: 1.1, y: 0.9 });
    face.forEach((f, k) => {
      f.pointsMm.forEach(([x, y], p) => {
        expect(scaled[k].pointsMm[p][0]).toBeCloseTo(x * 1.1, 12);
        expect(scaled[k].pointsMm[p][1]).toBeCloseTo(y * 0.9, 12);
      });
    });
  });
});
