import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeRevision } from '../revision.js';
import { median } from '../stats.js';
import { type Agreement, compareWithDolfinx } from './agreement.js';
import { EXCHANGE_FILES } from './exchange.js';
import { measureMacro } from './macro.js';
import { runOursChild, runOursInChild } from './ours.js';
import { BENCHMARK_NAME, budgetFor, sizesFor } from './params.js';
import {
  DOLFINX,
  type DolfinxOutcome,
  runDolfinx,
  runScipy,
  SCIPY,
  type ScipyOutcome,
} from './peers.js';
import { ensurePythonPeer } from './python.js';
import {
  agreementTable,
  dolfinxTable,
  formatResidual,
  formatSeconds,
  macroTable,
  type SizeRun,
  scipyTable,
  sizesTable,
} from './report.js';
import { sectionMarkdown } from './section.js';
import { evaluateTargets, targetsTable } from './targets.js';

/**
 * Our plane-stress solver (PCG + geometric multigrid) against SciPy's plain CG on the same matrix
 * and against FEniCS dolfinx (PETSc CG + GAMG) on the same problem, and the speed of the full-face
 * macro simulation. See section.ts for what is measured and how.
 */
export const elasticityBenchmark: Benchmark = {
  name: BENCHMARK_NAME,
  run: runElasticity,
  runChild: runOursChild,
};

async function runElasticity(ctx: BenchContext): Promise<string> {
  const startedAt = new Date();
  const revision = describeRevision('packages');
  const budget = budgetFor(ctx.quick);
  const notes: string[] = [];

  ctx.log('\nPython peers (Debian /usr/bin/python3):');
  const scipy = ensurePythonPeer(SCIPY, ctx.log);
  const dolfinx = ensurePythonPeer(DOLFINX, ctx.log);
  for (const [name, peer] of [
    ['SciPy', scipy],
    ['dolfinx', dolfinx],
  ] as const) {
    ctx.log(`  ${name}: ${peer.versions ?? `skipped: ${peer.skipReason}`}`);
    notes.push(...peer.notes.map((n) => `${name}: ${n}.`));
    if (peer.skipReason) notes.push(`${name} comparison skipped: ${peer.skipReason}.`);
  }

  const runs: SizeRun[] = [];
  const root = mkdtempSync(path.join(tmpdir(), 'microcore-bench-elasticity-'));
  try {
    for (const [k, size] of sizesFor(ctx.quick).entries()) {
      const dir = path.join(root, `size-${k}`);
      mkdirSync(dir);
      ctx.log(`\n${size.name} unknowns (${size.refinements} refinements):`);
      const ours = runOursInChild(
        ctx.entryFile,
        size.name,
        dir,
        budget.solveRepeats,
        budget.childGuardMs,
      );
      if (!ours.ok) {
        ctx.log(`  ours: failed: ${ours.error}`);
        notes.push(`${size.name}: our child failed (${ours.error}), so nothing was compared.`);
        runs.push({
          size,
          ours,
          scipy: { status: 'skipped', reason: 'our child failed' },
          dolfinx: { status: 'skipped', reason: 'our child failed' },
        });
        continue;
      }
      const r = ours.reading;
      ctx.log(
        `  ours: h0 ${r.coarseMeshMm} mm, ${r.unknowns} unknowns, ${r.nonzeros} nonzeros; ` +
          `set-up ${formatSeconds(r.meshMs + r.setupMs)} s, solve ${formatSeconds(median(r.solveMs))} s ` +
          `(${r.iterations} it., true residual ${formatResidual(r.trueRelativeResidual)}), ` +
          `peak RSS ${(r.peakRssKiB / 1024).toFixed(0)} MiB; export ${formatSeconds(r.exportMs)} s`,
      );

      let scipyOutcome: ScipyOutcome;
      if (scipy.skipReason) {
        scipyOutcome = { status: 'skipped', reason: scipy.skipReason };
      } else {
        ctx.log(`  SciPy cg: running (guard ${budget.scipyGuardMs / 1000} s)…`);
        scipyOutcome = runScipy(
          dir,
          path.join(dir, EXCHANGE_FILES.oursSolution),
          budget.scipyGuardMs,
        );
      }
      ctx.log(`  SciPy cg: ${describeScipy(scipyOutcome)}`);
      if (scipyOutcome.status === 'failed')
        notes.push(`${size.name}: SciPy failed: ${scipyOutcome.reason}.`);
      if (scipyOutcome.status === 'stopped')
        notes.push(
          `${size.name}: SciPy's cg was stopped by the ${budget.scipyGuardMs / 1000} s guard; its time is a lower bound.`,
        );

      let dolfinxOutcome: DolfinxOutcome;
      let agreement: Agreement | undefined;
      if (dolfinx.skipReason) {
        dolfinxOutcome = { status: 'skipped', reason: dolfinx.skipReason };
      } else {
        ctx.log('  dolfinx: running…');
        dolfinxOutcome = runDolfinx(dir, budget.solveRepeats, budget.childGuardMs);
      }
      if (dolfinxOutcome.status === 'done') {
        const d = dolfinxOutcome.reading;
        agreement = compareWithDolfinx(dir, r, d);
        ctx.log(
          `  dolfinx: assembly ${formatSeconds(1000 * d.assemblySeconds)} s, GAMG set-up ` +
            `${formatSeconds(1000 * d.pcSetupSeconds)} s, solve ${formatSeconds(1000 * median(d.solveSeconds))} s ` +
            `(${d.iterations} it., true residual ${formatResidual(d.trueRelativeResidual)}), ` +
            `peak RSS ${(d.peakRssKiB / 1024).toFixed(0)} MiB; agreement ${agreement.pass ? 'PASS' : 'FAIL'}`,
        );
      } else {
        ctx.log(`  dolfinx: ${dolfinxOutcome.status}: ${dolfinxOutcome.reason}`);
        if (dolfinxOutcome.status === 'failed')
          notes.push(`${size.name}: dolfinx failed: ${dolfinxOutcome.reason}.`);
      }
      runs.push({ size, ours, scipy: scipyOutcome, dolfinx: dolfinxOutcome, agreement });
      rmSync(dir, { recursive: true, force: true }); // the 1 M system is ~0.5 GB of text
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  ctx.log('\nMacro simulation of the default plan (this process):');
  const macro = measureMacro(budget, ctx.log);
  if (macro.error) notes.push(`The macro simulation failed: ${macro.error}.`);

  const tables = {
    sizes: sizesTable(runs),
    scipy: scipyTable(runs),
    dolfinx: dolfinxTable(runs),
    agreement: agreementTable(runs),
    macro: macroTable(macro),
    targets: targetsTable(evaluateTargets(runs, macro)),
  };
  ctx.log(`\nSizes\n${tables.sizes}`);
  ctx.log(`\nOurs vs SciPy's plain CG\n${tables.scipy}`);
  ctx.log(`\nOurs vs dolfinx\n${tables.dolfinx}\n\nAgreement\n${tables.agreement}`);
  ctx.log(`\nMacro simulation\n${tables.macro}\n\nTargets\n${tables.targets}`);
  return sectionMarkdown(
    {
      startedAt,
      revision,
      quick: ctx.quick,
      budget,
      scipyVersions: scipy.versions,
      dolfinxVersions: dolfinx.versions,
      notes,
    },
    tables,
  );
}

function describeScipy(outcome: ScipyOutcome): string {
  switch (outcome.status) {
    case 'done': {
      const s = outcome.reading;
      return (
        `solve ${formatSeconds(1000 * s.solveSeconds)} s (${s.iterations} it., true residual ` +
        `${formatResidual(s.trueRelativeResidual)}), read ${formatSeconds(1000 * s.readSeconds)} s, ` +
        `peak RSS ${(s.peakRssKiB / 1024).toFixed(0)} MiB`
      );
    }
    case 'stopped':
      return `stopped by the guard: > ${formatSeconds(1000 * outcome.lowerBoundSeconds)} s, > ${outcome.iterations} iterations`;
    default:
      return `${outcome.status}: ${outcome.reason}`;
  }
}
