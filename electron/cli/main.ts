import { messageOf, TrailscopeError } from '../../shared/api/errors.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './command.ts';
import { detectCommand } from './detect.ts';
import { exportCommand } from './export.ts';
import { infoCommand } from './info.ts';
import { ingestCommand } from './ingest.ts';
import { pipelinesCommand } from './pipelines.ts';
import { queryCommand } from './query.ts';
import { reportCommand } from './report.ts';
import { serveCommand } from './serve.ts';
import { verifyCommand } from './verify.ts';

const commands: Command[] = [
  ingestCommand,
  queryCommand,
  infoCommand,
  verifyCommand,
  detectCommand,
  pipelinesCommand,
  reportCommand,
  exportCommand,
  serveCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: trailscope COMMAND [options]',
    '',
    'Offline AWS CloudTrail forensics over a DuckDB case file.',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run trailscope COMMAND --help for its options.',
  ].join('\n');
}

/**
 * `trailscope query … | head` closes our stdout early. That is the reader's choice, not a
 * failure: the command finishes (closing the case cleanly) and nothing more is printed.
 */
let pipesWatched = false;

function toleratePipeClosedEarly(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/** Runs one CLI invocation and returns its exit status; errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  toleratePipeClosedEarly();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    const { version } = await withCase(null, (face) => face.request('app:get-version', {}));
    process.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(
      `trailscope: unknown command "${oneLineVisibleText(name)}" (commands: ${commands.map((c) => c.name).join(', ')})\n`,
    );
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const kind = error instanceof TrailscopeError ? error.kind : 'internal';
    // Messages may quote what they refused: a file's content, a record's field.
    process.stderr.write(`trailscope ${name}: ${oneLineVisibleText(messageOf(error).split('\n')[0]!)}\n`);
    return kind === 'usage' || kind === 'not-found' ? EXIT_USAGE : EXIT_FAILED;
  }
}
