export * from './errors.js';
export * from './plan/poissonDisk.js';
export * from './rng.js';
