import { controlSafeJson } from '../../../shared/visible-text.ts';
import { withCase } from '../cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from '../command.ts';
import { LINEAGE_OPTION, optionalLineage, positiveInteger, SELECTOR_OPTIONS, selector } from './pipeline-options.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'a version as input for aws codepipeline update-pipeline',
  usage: `Usage: trailscope pipelines export --case FILE NAME VERSION [--account A] [--region R] [--lineage N]

Prints version VERSION's declaration as {"pipeline": {...}}, ready for
  aws codepipeline update-pipeline --cli-input-json file://pipeline.json
The "version" field is left out: CodePipeline numbers the restored version itself.
A declaration the logs hold only in part (elided or omitted for size) is refused.

  --case FILE    the case file
  --account A    the pipeline's account, when the name exists in several
  --region R     the pipeline's region, when the name exists in several
  --lineage N    which life of a deleted and re-created pipeline (default: the latest
                 that has the version)`,

  async run(argv) {
    const { values, positionals } = parseCommand('pipelines export', argv, { ...SELECTOR_OPTIONS, ...LINEAGE_OPTION });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const file = requireCase('pipelines export', values.case);
    const wanted = selector(positionals[0], values, 'export');
    const number = positiveInteger(positionals[1], 'VERSION', 'export');
    const lineage = optionalLineage(values.lineage, 'export');
    const restore = await withCase(file, (face) =>
      face.request('pipeline:export', { ...wanted, version: number, lineage }),
    );
    process.stdout.write(`${controlSafeJson(restore, 2)}\n`);
    return EXIT_OK;
  },
};
