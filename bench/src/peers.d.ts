// Minimal types for the CommonJS peers the Poisson-disk benchmark compares against (they ship none).

declare module 'poisson-disk-sampling' {
  interface PoissonDiskSamplingOptions {
    shape: number[];
    minDistance: number;
    maxDistance?: number;
    tries?: number;
  }
  class PoissonDiskSampling {
    constructor(options: PoissonDiskSamplingOptions, rng?: () => number);
    /** Every point, as [x, y]. */
    fill(): number[][];
  }
  export = PoissonDiskSampling;
}

declare module 'fast-2d-poisson-disk-sampling' {
  interface FastPoissonDiskSamplingOptions {
    shape: [number, number];
    radius: number;
    tries?: number;
  }
  class FastPoissonDiskSampling {
    constructor(options: FastPoissonDiskSamplingOptions, rng?: () => number);
    /** Every point, as [x, y]. */
    fill(): number[][];
  }
  export = FastPoissonDiskSampling;
}
