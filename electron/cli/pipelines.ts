import { TrailscopeError } from '../../shared/api/errors.ts';
import { type Command, EXIT_OK, EXIT_USAGE } from './command.ts';
import { diffCommand } from './pipelines/diff.ts';
import { exportCommand } from './pipelines/export.ts';
import { historyCommand } from './pipelines/history.ts';
import { listCommand } from './pipelines/list.ts';

const subcommands: Command[] = [listCommand, historyCommand, diffCommand, exportCommand];

export const pipelinesCommand: Command = {
  name: 'pipelines',
  summary: 'CodePipeline histories rebuilt from the logs: list, history, diff, export',
  usage: `Usage: trailscope pipelines SUBCOMMAND --case FILE [options]

Rebuilds every CodePipeline pipeline's versions from its CreatePipeline, UpdatePipeline and
DeletePipeline records: who changed what, when and from where.

${subcommands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run trailscope pipelines SUBCOMMAND --help for its options.`,

  async run(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      process.stdout.write(`${this.usage}\n`);
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    const subcommand = subcommands.find((c) => c.name === name);
    if (!subcommand)
      throw new TrailscopeError(
        'usage',
        `unknown subcommand "${name}" (subcommands: ${subcommands.map((c) => c.name).join(', ')})`,
      );
    return subcommand.run(rest);
  },
};
