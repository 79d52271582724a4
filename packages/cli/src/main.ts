import { isMicrocoreError } from '@microcore/core';
import { Command, CommanderError } from 'commander';
import { deliverCommand } from './commands/deliver.js';
import { planCommand } from './commands/plan.js';
import { simulateCommand } from './commands/simulate.js';
import { UsageError } from './usageError.js';

/** Exit codes: 0 done, 2 bad input (one line on stderr), 1 an internal failure. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Run the CLI with the arguments after `microcore`; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = new Command('microcore')
    .description(
      'Micro-Coring planning and simulation (model estimates — not a promise of outcome)',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      // Commander's own messages become one line: "microcore: <what is wrong>".
      writeErr: () => {},
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addCommand(planCommand(io.stdout))
    .addCommand(simulateCommand(io.stdout))
    .addCommand(deliverCommand(io.stdout));
  for (const command of program.commands)
    command
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: () => {}, outputError: () => {} });

  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT_OK;
      }
      if (error.code === 'commander.executeSubCommandAsync') return EXIT_OK;
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      io.stderr(`microcore: ${message}${hint(error)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || isMicrocoreError(error)) {
      io.stderr(`microcore: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const failure = error instanceof Error ? error : new Error(String(error));
    io.stderr(`microcore: internal error: ${failure.message} (please report it)\n`);
    if (process.env.MICROCORE_DEBUG) io.stderr(`${failure.stack}\n`);
    return EXIT_FAILURE;
  }
}

function hint(error: CommanderError): string {
  return error.code === 'commander.missingArgument' ||
    error.code === 'commander.unknownCommand' ||
    error.code === 'commander.unknownOption'
    ? '; see microcore --help'
    : '';
}
