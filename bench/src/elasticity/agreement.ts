import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXCHANGE_FILES, readFloat64 } from './exchange.js';
import type { OursReading } from './ours.js';
import { AGREEMENT_TOLERANCE } from './params.js';
import type { DolfinxReading } from './peers.js';

/** Do ours and dolfinx solve the same problem? Compared on the same mesh, node by node. */

export interface Agreement {
  readonly maxDisplacementRelDiff: number;
  readonly strainEnergyRelDiff: number;
  /** max over nodes and components of |u_ours − u_dolfinx|, over ours' largest |u| component. */
  readonly maxNodalRelDiff: number | undefined;
  readonly pass: boolean;
}

export function compareWithDolfinx(
  dir: string,
  ours: OursReading,
  dolfinx: DolfinxReading,
): Agreement {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  const maxDisplacementRelDiff = rel(ours.maxDisplacementMm, dolfinx.maxDisplacementMm);
  const strainEnergyRelDiff = rel(ours.strainEnergyNmm, dolfinx.strainEnergyNmm);
  let maxNodalRelDiff: number | undefined;
  const oursFile = path.join(dir, EXCHANGE_FILES.oursSolution);
  const theirsFile = path.join(dir, EXCHANGE_FILES.dolfinxSolution);
  if (dolfinx.solutionWritten && existsSync(oursFile) && existsSync(theirsFile)) {
    const a = readFloat64(oursFile);
    const b = readFloat64(theirsFile);
    if (a.length === b.length) {
      let scale = 0;
      let diff = 0;
      for (let i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      maxNodalRelDiff = diff / (scale || 1);
    }
  }
  const pass =
    maxDisplacementRelDiff <= AGREEMENT_TOLERANCE &&
    strainEnergyRelDiff <= AGREEMENT_TOLERANCE &&
    (maxNodalRelDiff === undefined || maxNodalRelDiff <= AGREEMENT_TOLERANCE);
  return { maxDisplacementRelDiff, strainEnergyRelDiff, maxNodalRelDiff, pass };
}
