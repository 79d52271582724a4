import { formatMs, formatRatio } from '../format.js';
import { median } from '../stats.js';
import { renderTable } from '../table.js';
import type { MacroResult } from './macro.js';
import { MAX_DOLFINX_SOLVE_RATIO, MAX_MACRO_SOLVE_MS, RELATIVE_TOLERANCE } from './params.js';
import { formatResidual, formatSeconds, oursSolveMs, type SizeRun } from './report.js';

/** The acceptance targets. Reported as PASS/FAIL; they never fail the run. */

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined when it could not be evaluated (a peer skipped or failed). */
  readonly pass: boolean | undefined;
}

export function evaluateTargets(runs: readonly SizeRun[], macro: MacroResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const run of runs) {
    const oursMs = oursSolveMs(run);
    const { scipy } = run;
    const target = `${run.size.name}: our solve faster than SciPy's plain CG`;
    if (scipy.status === 'done' && Number.isFinite(oursMs)) {
      const ms = 1000 * scipy.reading.solveSeconds;
      checks.push({
        target,
        measured: `${formatSeconds(ms)} s / ${formatSeconds(oursMs)} s = ${formatRatio(ms / oursMs)}`,
        pass: ms > oursMs,
      });
    } else if (scipy.status === 'stopped' && Number.isFinite(oursMs)) {
      const ms = 1000 * scipy.lowerBoundSeconds;
      checks.push({
        target,
        measured: `SciPy stopped by the ${scipy.guardMs / 1000} s guard after > ${formatSeconds(ms)} s of solving; ours ${formatSeconds(oursMs)} s`,
        pass: scipy.progressSeen && ms > oursMs ? true : undefined,
      });
    } else {
      checks.push({
        target,
        measured:
          scipy.status === 'skipped' || scipy.status === 'failed' ? scipy.status : 'not measured',
        pass: undefined,
      });
    }
  }

  // The dolfinx target is at the largest size run (~1 M unknowns in a full run).
  const largest = runs[runs.length - 1];
  if (largest) {
    const oursMs = oursSolveMs(largest);
    const target = `${largest.size.name}: our solve ≤ ${MAX_DOLFINX_SOLVE_RATIO}× dolfinx's (PETSc CG + GAMG)`;
    if (largest.dolfinx.status === 'done' && Number.isFinite(oursMs)) {
      const theirsMs = median(largest.dolfinx.reading.solveSeconds.map((s) => 1000 * s));
      checks.push({
        target,
        measured: `${formatSeconds(oursMs)} s / ${formatSeconds(theirsMs)} s = ${formatRatio(oursMs / theirsMs)}`,
        pass: oursMs <= MAX_DOLFINX_SOLVE_RATIO * theirsMs,
      });
    } else {
      checks.push({
        target,
        measured: largest.dolfinx.status === 'done' ? 'ours not measured' : largest.dolfinx.status,
        pass: undefined,
      });
    }
  }

  const agreements = runs.filter((r) => r.agreement);
  checks.push({
    target:
      'ours and dolfinx agree (max displacement, strain energy, every nodal value) within 1e-3',
    measured:
      agreements.length === 0
        ? 'not compared'
        : agreements
            .map(
              (r) =>
                `${r.size.name}: ${formatResidual(
                  Math.max(
                    r.agreement?.maxDisplacementRelDiff ?? Number.NaN,
                    r.agreement?.strainEnergyRelDiff ?? Number.NaN,
                    r.agreement?.maxNodalRelDiff ?? 0,
                  ),
                )}`,
            )
            .join('; '),
    pass: agreements.length === 0 ? undefined : agreements.every((r) => r.agreement?.pass),
  });

  const residuals = runs.flatMap((r) => [
    r.ours.ok ? r.ours.reading.trueRelativeResidual : Number.NaN,
    r.scipy.status === 'done' ? r.scipy.reading.trueRelativeResidual : Number.NaN,
    r.dolfinx.status === 'done' ? r.dolfinx.reading.trueRelativeResidual : Number.NaN,
  ]);
  const measuredResiduals = residuals.filter(Number.isFinite);
  checks.push({
    target: `every finished solve: true ‖b − Ax‖₂ ≤ ${RELATIVE_TOLERANCE}·‖b‖₂`,
    measured:
      measuredResiduals.length > 0
        ? `largest ${formatResidual(Math.max(...measuredResiduals))} over ${measuredResiduals.length} solves`
        : 'none',
    pass:
      measuredResiduals.length > 0
        ? measuredResiduals.every((r) => r <= RELATIVE_TOLERANCE)
        : undefined,
  });

  const fieldMs = median(macro.fieldMs);
  checks.push({
    target: `macro simulation of the default plan at all default days < ${MAX_MACRO_SOLVE_MS} ms`,
    measured: `solveTighteningField median ${formatMs(fieldMs)} ms (simulateTreatment ${formatMs(median(macro.simulateMs))} ms)`,
    pass: Number.isFinite(fieldMs) ? fieldMs < MAX_MACRO_SOLVE_MS : undefined,
  });
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return renderTable(
    [{ header: 'Target' }, { header: 'Measured' }, { header: 'Result' }],
    checks.map((c) => [
      c.target,
      c.measured,
      c.pass === undefined ? 'N/A' : c.pass ? 'PASS' : 'FAIL',
    ]),
  );
}
