import { createHash } from 'node:crypto';
import {
  defaultParameterValues,
  RESPONSE_POSTERIOR,
  SIMULATION_SCHEMA_VERSION,
} from '@microcore/core';

/**
 * Which model made a stored prediction: the simulation's schema version and a hash of every
 * number it draws on (the healing parameters' defaults and the response posterior), so a stored
 * prediction names the model exactly even after a recalibration changes the numbers but not
 * the code's version.
 */
export const PREDICTION_PARAMETERS_ID = `sim${SIMULATION_SCHEMA_VERSION}-sha256:${createHash(
  'sha256',
)
  .update(
    JSON.stringify({
      simulation: SIMULATION_SCHEMA_VERSION,
      parameters: defaultParameterValues(),
      posterior: RESPONSE_POSTERIOR,
    }),
  )
  .digest('hex')
  .slice(0, 16)}`;
