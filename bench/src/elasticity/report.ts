import { formatInt, formatKiBAsMiB, formatMs, formatRatio } from '../format.js';
import { max, median, min } from '../stats.js';
import { renderTable } from '../table.js';
import type { Agreement } from './agreement.js';
import type { MacroResult } from './macro.js';
import type { ChildOutcome, OursReading } from './ours.js';
import type { SizeSpec } from './params.js';
import type { DolfinxOutcome, ScipyOutcome } from './peers.js';

/** The tables of the elasticity section, shared by the terminal and RESULTS.md. */

export interface SizeRun {
  readonly size: SizeSpec;
  readonly ours: ChildOutcome<OursReading>;
  readonly scipy: ScipyOutcome;
  readonly dolfinx: DolfinxOutcome;
  readonly agreement?: Agreement;
}

export function formatSeconds(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const s = ms / 1000;
  return s < 10 ? s.toFixed(3) : s < 100 ? s.toFixed(2) : s.toFixed(1);
}

export function formatResidual(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : '–';
}

/** A warning when a child's maxRSS exceeds its own high-water mark (memory inherited at spawn). */
function inheritedNote(peakRssKiB: number, vmHwmKiB: number | null | undefined): string {
  if (vmHwmKiB === null || vmHwmKiB === undefined || peakRssKiB - vmHwmKiB <= 1024) return '';
  return `warning: maxRSS exceeds VmHWM (${formatInt(vmHwmKiB)} KiB) by ${formatInt(peakRssKiB - vmHwmKiB)} KiB, inherited from the parent`;
}

/** Median of the timed solves, and their range when there were several. */
function solveCell(timesMs: readonly number[]): { median: string; note: string } {
  return {
    median: formatSeconds(median(timesMs)),
    note:
      timesMs.length > 1
        ? `median of ${timesMs.length} solves (${formatSeconds(min(timesMs))}–${formatSeconds(max(timesMs))} s)`
        : '',
  };
}

export function oursSolveMs(run: SizeRun): number {
  return run.ours.ok ? median(run.ours.reading.solveMs) : Number.NaN;
}

export function sizesTable(runs: readonly SizeRun[]): string {
  return renderTable(
    [
      { header: 'Size' },
      { header: 'h0 mm', align: 'right' },
      { header: 'Levels: unknowns, coarsest first' },
      { header: 'Nodes', align: 'right' },
      { header: 'Triangles', align: 'right' },
      { header: 'Unknowns', align: 'right' },
      { header: 'Nonzeros (CSR)', align: 'right' },
      { header: 'Dirichlet nodes', align: 'right' },
    ],
    runs.map(({ size, ours }) => {
      if (!ours.ok) return [size.name, '–', `our child failed: ${ours.error}`];
      const r = ours.reading;
      return [
        size.name,
        r.coarseMeshMm.toFixed(1),
        r.levelUnknowns.map(formatInt).join(' → '),
        formatInt(r.nodes),
        formatInt(r.triangles),
        formatInt(r.unknowns),
        formatInt(r.nonzeros),
        formatInt(r.dirichletNodes),
      ];
    }),
  );
}

export function scipyTable(runs: readonly SizeRun[]): string {
  const rows = runs.flatMap((run): string[][] => {
    const { size, ours, scipy } = run;
    if (!ours.ok) return [[size.name, 'ours', ...blanks(6), ours.error]];
    const r = ours.reading;
    const solve = solveCell(r.solveMs);
    const oursMs = oursSolveMs(run);
    const oursRow = [
      size.name,
      'ours: PCG + geometric multigrid',
      formatSeconds(r.meshMs + r.setupMs),
      solve.median,
      formatInt(r.iterations),
      formatResidual(r.trueRelativeResidual),
      formatKiBAsMiB(r.peakRssKiB),
      formatRatio(1),
      [solve.note, 'set-up = mesh + multigridSystem (assembly of every level, multigrid)']
        .filter(Boolean)
        .join('; '),
    ];
    const name = 'SciPy cg (no preconditioner)';
    let scipyRow: string[];
    if (scipy.status === 'done') {
      const s = scipy.reading;
      scipyRow = [
        size.name,
        name,
        '–',
        formatSeconds(1000 * s.solveSeconds),
        formatInt(s.iterations),
        formatResidual(s.trueRelativeResidual),
        formatKiBAsMiB(s.peakRssKiB),
        formatRatio((1000 * s.solveSeconds) / oursMs),
        [
          `SciPy ${s.scipyVersion}`,
          inheritedNote(s.peakRssKiB, s.vmHwmKiB),
          'peak RSS includes reading the files',
          s.converged ? 'converged' : `not converged (info ${s.info})`,
          `reading the MatrixMarket files ${formatSeconds(1000 * s.readSeconds)} s (not timed; ${formatInt(s.storedEntries - s.nonzeros)} explicit zeros dropped)`,
          s.maxDifferenceToOurs !== undefined
            ? `largest nodal difference to ours / largest ours = ${formatResidual(s.maxDifferenceToOurs)}`
            : '',
        ]
          .filter(Boolean)
          .join('; '),
      ];
    } else if (scipy.status === 'stopped') {
      scipyRow = [
        size.name,
        name,
        '–',
        `> ${formatSeconds(1000 * scipy.lowerBoundSeconds)}`,
        `> ${formatInt(scipy.iterations)}`,
        formatResidual(scipy.trueRelativeResidual),
        '–',
        `> ${formatRatio((1000 * scipy.lowerBoundSeconds) / oursMs)}`,
        scipy.progressSeen
          ? `killed by the ${(scipy.guardMs / 1000).toFixed(0)} s wall-clock guard; time, iterations and residual at its last progress line (a lower bound)`
          : `killed by the ${(scipy.guardMs / 1000).toFixed(0)} s wall-clock guard before its first progress line`,
      ];
    } else {
      scipyRow = [size.name, name, ...blanks(6), `${scipy.status}: ${scipy.reason}`];
    }
    return [oursRow, scipyRow];
  });
  return renderTable(
    [
      { header: 'Size' },
      { header: 'Solver' },
      { header: 'Set-up s', align: 'right' },
      { header: 'Solve s', align: 'right' },
      { header: 'Iterations', align: 'right' },
      { header: 'True rel. residual', align: 'right' },
      { header: 'Peak RSS MiB', align: 'right' },
      { header: 'Solve / ours', align: 'right' },
      { header: 'Note' },
    ],
    rows,
  );
}

export function dolfinxTable(runs: readonly SizeRun[]): string {
  const rows = runs.flatMap((run): string[][] => {
    const { size, ours, dolfinx } = run;
    if (!ours.ok) return [[size.name, 'ours', ...blanks(9), ours.error]];
    const r = ours.reading;
    const solve = solveCell(r.solveMs);
    const oursMs = oursSolveMs(run);
    const oursRow = [
      size.name,
      'ours: PCG + geometric multigrid',
      formatSeconds(r.meshMs),
      formatSeconds(r.finestAssemblyMs),
      formatSeconds(r.setupMs),
      solve.median,
      formatInt(r.iterations),
      formatResidual(r.trueRelativeResidual),
      formatKiBAsMiB(r.peakRssKiB),
      formatKiBAsMiB(r.peakRssKiB - r.baselineRssKiB),
      formatRatio(1),
      [
        solve.note,
        inheritedNote(r.peakRssKiB, r.vmHwmKiB),
        `mesh = meshPolygon + ${r.refinements} refinements; assembly = finest level alone (timed apart); set-up = multigridSystem (assembly of all ${r.levelUnknowns.length} levels + multigrid with banded Cholesky on the coarsest)`,
      ]
        .filter(Boolean)
        .join('; '),
    ];
    const name = 'dolfinx: PETSc CG + GAMG';
    let dolfinxRow: string[];
    if (dolfinx.status === 'done') {
      const d = dolfinx.reading;
      const dSolve = solveCell(d.solveSeconds.map((s) => 1000 * s));
      dolfinxRow = [
        size.name,
        name,
        formatSeconds(1000 * d.meshSeconds),
        formatSeconds(1000 * d.assemblySeconds),
        formatSeconds(1000 * (d.assemblySeconds + d.pcSetupSeconds)),
        dSolve.median,
        formatInt(d.iterations),
        formatResidual(d.trueRelativeResidual),
        formatKiBAsMiB(d.peakRssKiB),
        formatKiBAsMiB(d.peakRssKiB - d.baselineRssKiB),
        formatRatio(median(d.solveSeconds.map((s) => 1000 * s)) / oursMs),
        [
          dSolve.note,
          inheritedNote(d.peakRssKiB, d.vmHwmKiB),
          `dolfinx ${d.dolfinxVersion}, PETSc ${d.petscVersion}`,
          `mesh = create_mesh; set-up = assembly + GAMG set-up (${formatSeconds(1000 * d.pcSetupSeconds)} s, ${d.gamgLevels} levels)`,
          `not counted: imports ${formatSeconds(1000 * d.importSeconds)} s, spaces/eigenstrain/BC dofs ${formatSeconds(1000 * d.setupSeconds)} s, FFCx form compile ${formatSeconds(1000 * d.compileSeconds)} s`,
          `KSP converged reason ${d.convergedReason}`,
        ]
          .filter(Boolean)
          .join('; '),
      ];
    } else {
      dolfinxRow = [size.name, name, ...blanks(9), `${dolfinx.status}: ${dolfinx.reason}`];
    }
    return [oursRow, dolfinxRow];
  });
  return renderTable(
    [
      { header: 'Size' },
      { header: 'Solver' },
      { header: 'Mesh s', align: 'right' },
      { header: 'Assembly s', align: 'right' },
      { header: 'Set-up s', align: 'right' },
      { header: 'Solve s', align: 'right' },
      { header: 'Iterations', align: 'right' },
      { header: 'True rel. residual', align: 'right' },
      { header: 'Peak RSS MiB', align: 'right' },
      { header: 'Peak − start MiB', align: 'right' },
      { header: 'Solve / ours', align: 'right' },
      { header: 'Note' },
    ],
    rows,
  );
}

export function agreementTable(runs: readonly SizeRun[]): string {
  const rows = runs.map(({ size, ours, dolfinx, agreement }) => {
    if (!ours.ok || dolfinx.status !== 'done' || !agreement)
      return [size.name, ...blanks(7), 'N/A'];
    const r = ours.reading;
    const d = dolfinx.reading;
    return [
      size.name,
      r.maxDisplacementMm.toPrecision(9),
      d.maxDisplacementMm.toPrecision(9),
      formatResidual(agreement.maxDisplacementRelDiff),
      r.strainEnergyNmm.toPrecision(9),
      d.strainEnergyNmm.toPrecision(9),
      formatResidual(agreement.strainEnergyRelDiff),
      agreement.maxNodalRelDiff === undefined ? '–' : formatResidual(agreement.maxNodalRelDiff),
      agreement.pass ? 'PASS' : 'FAIL',
    ];
  });
  return renderTable(
    [
      { header: 'Size' },
      { header: 'Max displacement ours mm', align: 'right' },
      { header: 'Max displacement dolfinx mm', align: 'right' },
      { header: 'Rel. diff', align: 'right' },
      { header: 'Strain energy ours N·mm', align: 'right' },
      { header: 'Strain energy dolfinx N·mm', align: 'right' },
      { header: 'Rel. diff', align: 'right' },
      { header: 'Max nodal diff / max component', align: 'right' },
      { header: 'Agree (≤ 1e-3)' },
    ],
    rows,
  );
}

export function macroTable(macro: MacroResult): string {
  const row = (label: string, times: readonly number[], note: string) => [
    label,
    formatMs(median(times)),
    times.length > 0 ? `${formatMs(min(times))}–${formatMs(max(times))}` : '–',
    String(times.length),
    note,
  ];
  return renderTable(
    [
      { header: 'Measurement' },
      { header: 'Median ms', align: 'right' },
      { header: 'Min–max ms', align: 'right' },
      { header: 'Runs', align: 'right' },
      { header: 'Note' },
    ],
    [
      ...(macro.error ? [['failed', '–', '–', '0', macro.error]] : []),
      row(
        'solveTighteningField (default plan; serves all default days)',
        macro.fieldMs,
        `${formatInt(macro.fieldUnknowns)} unknowns, ${macro.fieldIterations} PCG iterations; days ${macro.days.join(', ')}`,
      ),
      row(
        'simulateTreatment(default plan)',
        macro.simulateMs,
        'adds the coupling-length × edge-margin surrogate (8 solves on the 5 mm mesh), the bridge patch and a 1000-patient cohort',
      ),
      row(
        'planTreatment() (once, before the above; not a target)',
        [macro.planMs],
        `${macro.zones} zones, ${formatInt(macro.cores)} cores`,
      ),
    ],
  );
}

/** `n` cells of '–' for a row whose solver did not run. */
function blanks(n: number): string[] {
  return Array.from({ length: n }, () => '–');
}
