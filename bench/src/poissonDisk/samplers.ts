import { createRequire } from 'node:module';
import { RectangleDomain, Rng, type SamplingDomain, samplePoissonDisk } from '@microcore/core';
import FastPoissonDiskSampling from 'fast-2d-poisson-disk-sampling';
import PoissonDiskSampling from 'poisson-disk-sampling';

/** The three samplers behind one interface. Peers get a seeded rng so runs repeat exactly. */

export type SamplerName = 'ours' | 'fast-2d-poisson-disk-sampling' | 'poisson-disk-sampling';

export interface SampleParams {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly minDistanceMm: number;
  readonly triesPerPoint: number;
  readonly seed: number;
}

export interface Sampling {
  readonly count: number;
  /** The points as interleaved x, y (mm); peers' arrays are converted only when asked (untimed). */
  interleavedMm(): Float64Array;
}

export interface Sampler {
  readonly name: SamplerName;
  sample(params: SampleParams): Sampling;
}

/** The rectangle [0, W) × [0, H) as our sampler's domain. */
export function rectangleDomain(widthMm: number, heightMm: number): SamplingDomain {
  return new RectangleDomain(0, 0, widthMm, heightMm);
}

const ours: Sampler = {
  name: 'ours',
  sample({ widthMm, heightMm, minDistanceMm, triesPerPoint, seed }) {
    const result = samplePoissonDisk(rectangleDomain(widthMm, heightMm), {
      minDistanceMm,
      triesPerPoint,
      rng: new Rng(seed),
    });
    return { count: result.count, interleavedMm: () => result.pointsMm };
  },
};

const fast2d: Sampler = {
  name: 'fast-2d-poisson-disk-sampling',
  sample({ widthMm, heightMm, minDistanceMm, triesPerPoint, seed }) {
    const rng = new Rng(seed);
    const points = new FastPoissonDiskSampling(
      { shape: [widthMm, heightMm], radius: minDistanceMm, tries: triesPerPoint },
      () => rng.next(),
    ).fill();
    return { count: points.length, interleavedMm: () => interleave(points) };
  },
};

const poissonDiskSampling: Sampler = {
  name: 'poisson-disk-sampling',
  sample({ widthMm, heightMm, minDistanceMm, triesPerPoint, seed }) {
    const rng = new Rng(seed);
    const points = new PoissonDiskSampling(
      {
        shape: [widthMm, heightMm],
        minDistance: minDistanceMm,
        maxDistance: 2 * minDistanceMm,
        tries: triesPerPoint,
      },
      () => rng.next(),
    ).fill();
    return { count: points.length, interleavedMm: () => interleave(points) };
  },
};

/** Ours first: the order of every interleaved round. */
export const SAMPLERS: readonly Sampler[] = [ours, fast2d, poissonDiskSampling];

export function samplerNamed(name: string): Sampler | undefined {
  return SAMPLERS.find((s) => s.name === name);
}

function interleave(points: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(2 * points.length);
  for (let i = 0; i < points.length; i++) {
    out[2 * i] = points[i][0];
    out[2 * i + 1] = points[i][1];
  }
  return out;
}

/** Installed versions of the peers, for the report. */
export function peerVersions(): Record<Exclude<SamplerName, 'ours'>, string> {
  const require = createRequire(import.meta.url);
  const version = (name: string): string =>
    (require(`${name}/package.json`) as { version: string }).version;
  return {
    'fast-2d-poisson-disk-sampling': version('fast-2d-poisson-disk-sampling'),
    'poisson-disk-sampling': version('poisson-disk-sampling'),
  };
}
