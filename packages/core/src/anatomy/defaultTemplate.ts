import type { RingMm } from '../geometry/polygon.js';
import type { FaceTemplate, Zone } from './zones.js';

/**
 * The default adult template. How the outlines were derived (docs/anatomy.md has the detail):
 * landmark positions from Farkas' anthropometric norms for adults (bizygomatic width ~130–137 mm,
 * bigonial ~97–106 mm, subnasale–menton ~67–72 mm, mandibular body ~85–95 mm), laid out on the
 * skin surface by unrolling the lateral face: surface arcs exceed the frontal projection by
 * ~15–30 % over the curved cheek and jaw. The zones follow the clinical borders — cheek between
 * the nasolabial fold, the infraorbital/zygomatic line, the preauricular line and the jawline
 * band; jawline a ~25–30 mm band over the mandibular border from the chin to the angle;
 * submental from the chin to the cervicomental angle. Together the indicated zones cover 240 cm²
 * (cheek 66.3 cm², jawline 30.2 cm² a side, submental 47.0 cm²): representative, not a patient.
 * Scale it to the patient, or supply a measured template.
 */
const CHEEK_LEFT: RingMm = [
  [33, 33],
  [66, 28.6],
  [101.2, 30.8],
  [116.6, 41.8],
  [123.2, 66],
  [118.8, 92.4],
  [101.2, 107.8],
  [70.4, 112.2],
  [44, 103.4],
  [30.8, 85.8],
  [26.4, 59.4],
];

const JAWLINE_LEFT: RingMm = [
  [17.6, 4.4],
  [46.2, 0],
  [79.2, 2.2],
  [110, 8.8],
  [129.8, 24.2],
  [127.6, 37.4],
  [116.6, 41.8],
  [101.2, 30.8],
  [66, 28.6],
  [33, 33],
  [17.6, 30.8],
];

const PERIORAL_LEFT: RingMm = [
  [17.6, 30.8],
  [33, 33],
  [26.4, 59.4],
  [19.8, 68.2],
  [8.8, 61.6],
  [6.6, 44],
];

const SUBMENTAL: RingMm = [
  [-17.6, 4.4],
  [17.6, 4.4],
  [37.4, 0],
  [44, -15.4],
  [37.4, -44],
  [19.8, -59.4],
  [-19.8, -59.4],
  [-37.4, -44],
  [-44, -15.4],
  [-37.4, 0],
];

/** The right side is the mirror image (x → −x), listed in the same winding. */
function mirrored(ring: RingMm): RingMm {
  return ring.map(([x, y]) => [-x, y] as const).reverse();
}

function zone(id: string, label: string, indicated: boolean, polygon: RingMm): Zone {
  return { id, label, indicated, polygon, exclusions: [] };
}

export const DEFAULT_TEMPLATE: FaceTemplate = {
  name: 'default adult (Farkas norms, skin-surface chart)',
  zones: [
    zone('cheek-left', 'Cheek, left', true, CHEEK_LEFT),
    zone('cheek-right', 'Cheek, right', true, mirrored(CHEEK_LEFT)),
    zone('jawline-left', 'Jawline, left', true, JAWLINE_LEFT),
    zone('jawline-right', 'Jawline, right', true, mirrored(JAWLINE_LEFT)),
    zone('submental', 'Submental (under the chin)', true, SUBMENTAL),
    zone('perioral-left', 'Perioral, left', false, PERIORAL_LEFT),
    zone('perioral-right', 'Perioral, right', false, mirrored(PERIORAL_LEFT)),
  ],
};
