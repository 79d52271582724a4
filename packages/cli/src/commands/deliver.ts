import {
  DELIVERY_SIMULATION_DEFAULTS,
  DeliveryGuard,
  deliverySummary,
  planTreatment,
  simulateDelivery,
} from '@microcore/core';
import { Command } from 'commander';
import { formatDeliveryTable } from '../format/deliveryTable.js';
import { readJsonFile } from '../io.js';
import { UsageError } from '../usageError.js';

interface DeliverOptions {
  simulate?: boolean;
  plan?: string;
  seed: string;
  json?: boolean;
}

export function deliverCommand(write: (text: string) => void): Command {
  return new Command('deliver')
    .description(
      'run a delivery session: the field guard over a plan (for now a simulated handpiece only)',
    )
    .option('--simulate', 'a simulated practitioner and handpiece (seeded)')
    .option(
      '--plan <file>',
      'plan JSON file from `microcore plan --json`, or - for standard input (default: the default plan)',
    )
    .option(
      '--seed <n>',
      "the simulator's seed: the same plan and seed give the same session",
      String(DELIVERY_SIMULATION_DEFAULTS.seed),
    )
    .option('--json', 'print the session as JSON, with the extracted cores’ positions')
    .action((options: DeliverOptions) => {
      if (!options.simulate)
        throw new UsageError(
          'only simulated sessions can be run from the command line: add --simulate',
        );
      const seed = Number(options.seed);
      if (options.seed.trim() === '' || !Number.isSafeInteger(seed) || seed < 0)
        throw new UsageError(`--seed must be a whole number ≥ 0, got "${options.seed}"`);
      // The same default as `microcore plan` with no options.
      const plan =
        options.plan === undefined ? planTreatment() : readJsonFile(options.plan, 'plan');
      const guard = new DeliveryGuard(plan);
      const simulation = simulateDelivery(guard, { seed });
      const summary = deliverySummary(guard, simulation.state);
      write(
        options.json
          ? `${JSON.stringify({
              kind: 'microcore.delivery-simulation',
              seed,
              events: simulation.events.length,
              ...summary,
            })}\n`
          : formatDeliveryTable(summary, seed),
      );
    });
}
