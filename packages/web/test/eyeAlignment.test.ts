import { describe, expect, it } from 'vitest';
import {
  alignOnPupils,
  applySimilarity,
  cssMatrix,
  type Pupils,
  type Similarity,
  zoomed,
} from '../src/photos/eyeAlignment';

const BEFORE: Pupils = { right: { x: 100, y: 200 }, left: { x: 160, y: 200 } };

function aligned(before: Pupils, after: Pupils) {
  const result = alignOnPupils(before, after);
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** The after photo's pupils land exactly on the before photo's. */
function expectPupilsCoincide(t: Similarity, before: Pupils, after: Pupils) {
  for (const side of ['left', 'right'] as const) {
    const mapped = applySimilarity(t, after[side]);
    expect(mapped.x).toBeCloseTo(before[side].x, 9);
    expect(mapped.y).toBeCloseTo(before[side].y, 9);
  }
}

describe('alignOnPupils', () => {
  it('the same pupils: the identity', () => {
    const result = aligned(BEFORE, BEFORE);
    expect(result.transform).toEqual({ a: 1, b: 0, tx: 0, ty: 0 });
    expect(result.scale).toBe(1);
    expect(result.rotationDeg).toBe(0);
  });

  it('pure translation: moved 30 px right and 12 px up', () => {
    const after: Pupils = { right: { x: 130, y: 188 }, left: { x: 190, y: 188 } };
    const result = aligned(BEFORE, after);
    expect(result.transform).toEqual({ a: 1, b: 0, tx: -30, ty: 12 });
    expectPupilsCoincide(result.transform, BEFORE, after);
  });

  it('pure scale: taken from farther away, the pupils half as far apart about the origin', () => {
    const after: Pupils = { right: { x: 50, y: 100 }, left: { x: 80, y: 100 } };
    const result = aligned(BEFORE, after);
    expect(result.scale).toBeCloseTo(2, 12);
    expect(result.rotationDeg).toBeCloseTo(0, 12);
    expect(result.transform.tx).toBeCloseTo(0, 9);
    expect(result.transform.ty).toBeCloseTo(0, 9);
    // Not just the pupils: every point doubles (the nose tip below them too).
    const nose = applySimilarity(result.transform, { x: 65, y: 140 });
    expect(nose.x).toBeCloseTo(130, 9);
    expect(nose.y).toBeCloseTo(280, 9);
  });

  it('pure rotation: the head tilted 90° about the origin is turned back', () => {
    // (x, y) ↦ (−y, x) turned BEFORE's pupils; aligning turns them the other way, (x, y) ↦ (y, −x).
    const after: Pupils = { right: { x: -200, y: 100 }, left: { x: -200, y: 160 } };
    const result = aligned(BEFORE, after);
    expect(result.scale).toBeCloseTo(1, 12);
    expect(result.rotationDeg).toBeCloseTo(-90, 9);
    expect(result.transform.a).toBeCloseTo(0, 12);
    expect(result.transform.b).toBeCloseTo(-1, 12);
    expect(result.transform.tx).toBeCloseTo(0, 9);
    expect(result.transform.ty).toBeCloseTo(0, 9);
  });

  it('rotation, scale and translation at once: 30°, ×1.25, then shifted', () => {
    const angle = Math.PI / 6;
    const k = 0.8; // the after photo is 0.8× the before, turned −30°
    const turn = (p: { x: number; y: number }) => ({
      x: k * (Math.cos(-angle) * p.x - Math.sin(-angle) * p.y) + 17,
      y: k * (Math.sin(-angle) * p.x + Math.cos(-angle) * p.y) - 40,
    });
    const after: Pupils = { right: turn(BEFORE.right), left: turn(BEFORE.left) };
    const result = aligned(BEFORE, after);
    expect(result.scale).toBeCloseTo(1.25, 12);
    expect(result.rotationDeg).toBeCloseTo(30, 9);
    expectPupilsCoincide(result.transform, BEFORE, after);
  });

  it('refuses swapped left and right marks (the lines point opposite ways)', () => {
    const swapped: Pupils = { right: BEFORE.left, left: BEFORE.right };
    const result = alignOnPupils(BEFORE, swapped);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('mirrored');
    // Swapped on a tilted head (170°) is refused too; a photo stored sideways (90°) is turned back.
    const tiltedSwap: Pupils = { right: { x: 160, y: 200 }, left: { x: 100, y: 210.58 } };
    expect(alignOnPupils(BEFORE, tiltedSwap).ok).toBe(false);
    const sideways: Pupils = { right: { x: 100, y: 200 }, left: { x: 100, y: 140 } };
    expect(aligned(BEFORE, sideways).rotationDeg).toBeCloseTo(90, 9);
  });

  it('refuses pupils marked on one point, on either photo', () => {
    const degenerate: Pupils = { right: { x: 120, y: 200 }, left: { x: 120, y: 200 } };
    for (const [before, after] of [
      [BEFORE, degenerate],
      [degenerate, BEFORE],
    ]) {
      const result = alignOnPupils(before, after);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe('too-close');
    }
  });
});

describe('zoomed and cssMatrix', () => {
  it('a fitted display scales the whole map; the CSS matrix is (a, b, −b, a, tx, ty)', () => {
    const t: Similarity = { a: 0.5, b: 0.25, tx: 10, ty: -4 };
    const z = zoomed(t, 2);
    expect(z).toEqual({ a: 1, b: 0.5, tx: 20, ty: -8 });
    const p = { x: 3, y: 7 };
    const once = applySimilarity(t, p);
    expect(applySimilarity(z, p)).toEqual({ x: once.x * 2, y: once.y * 2 });
    expect(cssMatrix(z)).toBe('matrix(1, 0.5, -0.5, 1, 20, -8)');
  });
});
