import { MODEL_ESTIMATE_LABEL } from '@microcore/core';

/** "Model estimate — not a promise of outcome": the core's label, as a heading starts. */
export const ESTIMATE_LABEL =
  MODEL_ESTIMATE_LABEL.charAt(0).toUpperCase() + MODEL_ESTIMATE_LABEL.slice(1);
