import { everyOf } from '../api/everyOf';
import type { SessionBody } from '../journey/types';

/** The anaesthesia a session records, as the API's schema allows it, with words. */

export type Anaesthesia = SessionBody['anaesthesia'];

/** Every value the API allows: a value added on the server fails the build until it is here. */
export const ANAESTHESIA_CHOICES = everyOf<Anaesthesia>()([
  'none',
  'topical',
  'local-infiltration',
  'nerve-block',
]);

const ANAESTHESIA_LABELS: Record<Anaesthesia, string> = {
  none: 'None',
  topical: 'Topical',
  'local-infiltration': 'Local infiltration',
  'nerve-block': 'Nerve block',
};

/** 'local-infiltration' → 'Local infiltration' (a value recorded before a rename, as it is). */
export const anaesthesiaLabel = (value: string): string =>
  (ANAESTHESIA_LABELS as Record<string, string>)[value] ?? value;
