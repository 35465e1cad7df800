import { type ParseArgsConfig, parseArgs } from 'node:util';
import { TrailscopeError } from '../../shared/api/errors.ts';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: an unknown or malformed flag becomes one line naming the command's --help. */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message.split('. To specify a positional')[0];
    throw new TrailscopeError('usage', `${message} (see: trailscope ${command} --help)`);
  }
}

export function requireCase(command: string, value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value === '')
    throw new TrailscopeError('usage', `--case FILE is required (see: trailscope ${command} --help)`);
  return value;
}

/** For a command whose inputs are all flags: a stray word is a mistake, not something to ignore. */
export function refusePaths(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0)
    throw new TrailscopeError(
      'usage',
      `${command} takes no PATH, only flags: "${positionals[0]}" (see: trailscope ${command} --help)`,
    );
}
