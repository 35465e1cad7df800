import { controlSafeJson, oneLineVisibleText } from '../../../shared/visible-text.ts';
import { withCase } from '../cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from '../command.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'every pipeline in the case, one row per lineage',
  usage: `Usage: trailscope pipelines list --case FILE [--json]

Every CodePipeline pipeline the case's logs mention, keyed by account, region and name; a
pipeline deleted and created again has one row per lineage.

  --case FILE   the case file
  --json        an array of {"account", "region", "name", "lineage", "versions",
                "first_version", "last_version", "first_seen", "last_seen", "deleted",
                "security_changes"}`,

  async run(argv) {
    const { values } = parseCommand('pipelines list', argv, { case: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const pipelines = await withCase(requireCase('pipelines list', values.case), (face) =>
      face.request('pipeline:list', {}),
    );
    if (values.json) {
      process.stdout.write(`${controlSafeJson(pipelines, 2)}\n`);
      return EXIT_OK;
    }
    if (pipelines.length === 0) {
      process.stdout.write('No CodePipeline calls in this case.\n');
      return EXIT_OK;
    }
    const rows = pipelines.map((p) =>
      [
        p.name,
        p.account,
        p.region,
        String(p.lineage),
        p.first_version === null ? '-' : `${p.versions} (v${p.first_version}–v${p.last_version})`,
        p.last_seen,
        p.deleted ? 'deleted' : '',
        p.security_changes ? `! ${p.security_changes} security change${p.security_changes === 1 ? '' : 's'}` : '',
      ].map(oneLineVisibleText),
    );
    const header = ['NAME', 'ACCOUNT', 'REGION', 'LINEAGE', 'VERSIONS', 'LAST SEEN (UTC)', '', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows])
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    return EXIT_OK;
  },
};
