import { controlSafeJson, oneLineVisibleText } from '../../../shared/visible-text.ts';
import { withCase } from '../cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from '../command.ts';
import { diffText } from './diff-text.ts';
import { LINEAGE_OPTION, optionalLineage, positiveInteger, SELECTOR_OPTIONS, selector } from './pipeline-options.ts';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'the semantic difference between two versions',
  usage: `Usage: trailscope pipelines diff --case FILE NAME FROM TO [--account A] [--region R] [--lineage N] [--json]

What changed from version FROM to version TO: pipeline fields, stages added, removed,
renamed or reordered, actions added, removed or moved, and each changed field of an
action. Changes that matter in an incident are marked "!" with the reason.

  --case FILE    the case file
  --account A    the pipeline's account, when the name exists in several
  --region R     the pipeline's region, when the name exists in several
  --lineage N    which life of a deleted and re-created pipeline (default: the latest
                 that has both versions)
  --json         {"changes": [{"path", "kind", "before", "after", "security", "reason"}],
                 "caveats", "from_version", "to_version", ...}`,

  async run(argv) {
    const { values, positionals } = parseCommand('pipelines diff', argv, { ...SELECTOR_OPTIONS, ...LINEAGE_OPTION });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const file = requireCase('pipelines diff', values.case);
    const request = {
      ...selector(positionals[0], values, 'diff'),
      from: positiveInteger(positionals[1], 'FROM', 'diff'),
      to: positiveInteger(positionals[2], 'TO', 'diff'),
      lineage: optionalLineage(values.lineage, 'diff'),
    };
    const diff = await withCase(file, (face) => face.request('pipeline:diff', request));
    process.stdout.write(
      values.json ? `${controlSafeJson(diff, 2)}\n` : diffText(diff).split('\n').map(oneLineVisibleText).join('\n'),
    );
    return EXIT_OK;
  },
};
