import {
  type FaceTemplate,
  type PatternKind,
  type PlanInput,
  parseTemplate,
  planToSvg,
  planTreatment,
  type ScaleFactors,
  scaleFromLandmarks,
  uniformScale,
} from '@microcore/core';
import { Command, Option } from 'commander';
import { formatPlanTable } from '../format/planTable.js';
import { readJsonFile, writeFileAtomic } from '../io.js';
import { UsageError } from '../usageError.js';

interface PlanOptions {
  zones?: string;
  needle: string;
  coverage?: string;
  zoneCoverage?: string;
  bridgeMm?: string;
  pattern: PatternKind;
  template?: string;
  scale?: string;
  bizygomaticMm?: string;
  lowerFaceMm?: string;
  seed: string;
  research?: boolean;
  json?: boolean;
  out?: string;
  svg?: string;
}

export function planCommand(write: (text: string) => void): Command {
  return new Command('plan')
    .description('plan the micro-cores on the face zones for a needle and a coverage')
    .option('--zones <list>', 'zones to treat, comma-separated (default: the indicated zones)')
    .option('--needle <gauge>', 'needle gauge, e.g. 22G', '22G')
    .option(
      '--coverage <pct>',
      'skin removed, % of the treated area (default 6; clinical range 4–8)',
    )
    .option('--zone-coverage <list>', 'per-zone coverage, e.g. cheek-left=5,submental=7 (%)')
    .option(
      '--bridge-mm <mm>',
      'minimum skin bridge between cores, mm (default: one core diameter)',
    )
    .addOption(
      new Option('--pattern <kind>', 'core pattern')
        .choices(['blue-noise', 'fields'])
        .default('blue-noise'),
    )
    .option('--template <file>', 'JSON template: custom zones, or exclusions added to the default')
    .option('--scale <factor>', 'scale the template uniformly (0.6–1.6)')
    .option(
      '--bizygomatic-mm <mm>',
      "patient's bizygomatic width, mm (scales the template's width)",
    )
    .option(
      '--lower-face-mm <mm>',
      "patient's subnasale–menton height, mm (scales the template's height)",
    )
    .option('--seed <n>', 'random seed: the same inputs and seed give the same plan', '1')
    .option('--research', 'research mode: coverage 1–40 %, thinner bridges; every output is marked')
    .option('--json', 'print the plan as JSON')
    .option('--out <file>', 'write the plan as JSON to a file')
    .option('--svg <file>', 'draw the zones and cores to scale as SVG')
    .action((options: PlanOptions) => {
      const plan = planTreatment(planInput(options));
      if (options.out) writeFileAtomic(options.out, `${JSON.stringify(plan)}\n`);
      if (options.svg) writeFileAtomic(options.svg, planToSvg(plan));
      write(options.json ? `${JSON.stringify(plan)}\n` : formatPlanTable(plan));
    });
}

function planInput(options: PlanOptions): PlanInput {
  const template: FaceTemplate | undefined = options.template
    ? parseTemplate(readJsonFile(options.template, 'template'))
    : undefined;
  let scale: ScaleFactors | undefined;
  if (options.scale !== undefined) {
    if (options.bizygomaticMm !== undefined || options.lowerFaceMm !== undefined) {
      throw new UsageError(
        'give either --scale or landmark distances (--bizygomatic-mm, --lower-face-mm), not both',
      );
    }
    scale = uniformScale(number(options.scale, '--scale', 'a factor like 1.05'));
  } else if (options.bizygomaticMm !== undefined || options.lowerFaceMm !== undefined) {
    scale = scaleFromLandmarks({
      bizygomaticWidthMm: optionalNumber(
        options.bizygomaticMm,
        '--bizygomatic-mm',
        'a width in mm like 130',
      ),
      lowerFaceHeightMm: optionalNumber(
        options.lowerFaceMm,
        '--lower-face-mm',
        'a height in mm like 70',
      ),
    });
  }
  const seed = number(options.seed, '--seed', 'a whole number like 42');
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a whole number ≥ 0, got "${options.seed}"`);
  return {
    zones: options.zones === undefined ? undefined : list(options.zones),
    needle: options.needle,
    coverageFraction:
      options.coverage === undefined
        ? undefined
        : number(options.coverage, '--coverage', 'a percentage like 6') / 100,
    zoneCoverageFraction:
      options.zoneCoverage === undefined ? undefined : zoneCoverage(options.zoneCoverage),
    bridgeMm: optionalNumber(options.bridgeMm, '--bridge-mm', 'a width in mm like 0.5'),
    pattern: options.pattern,
    seed,
    mode: options.research ? 'research' : 'clinical',
    template,
    scale,
  };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function zoneCoverage(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of list(text)) {
    const [zone, value, extra] = entry.split('=');
    if (!zone || value === undefined || extra !== undefined) {
      throw new UsageError(`--zone-coverage entries look like cheek-left=5; got "${entry}"`);
    }
    result[zone.trim()] = number(value, `--zone-coverage ${zone}`, 'a percentage like 6') / 100;
  }
  return result;
}

function number(text: string, flag: string, example: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} must be ${example}, got "${text}"`);
  return value;
}

function optionalNumber(
  text: string | undefined,
  flag: string,
  example: string,
): number | undefined {
  return text === undefined ? undefined : number(text, flag, example);
}
