import type { CaseSummary } from '../../shared/api/contract.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';

export const infoCommand: Command = {
  name: 'info',
  summary: 'summarize a case: counts, time span, accounts, regions',
  usage: `Usage: trailscope info --case FILE [--json]

  --case FILE   the case file, or a Parquet lake folder (trailscope export --parquet)
  --json        one JSON object: lake (the lake folder, or null for a case file), events,
                sources, errors, first_event, last_event, accounts, regions, event_sources`,

  async run(argv) {
    const { values } = parseCommand('info', argv, { case: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const summary = await withCase(requireCase('info', values.case), (face) => face.request('case:describe', {}));
    process.stdout.write(values.json ? infoJson(summary) : infoText(summary));
    return EXIT_OK;
  },
};

/** The case as `--json` prints it: the summary without the path, which the caller gave. */
export function infoJson({ path: _path, ...info }: CaseSummary): string {
  return `${controlSafeJson(info, 2)}\n`;
}

function infoText(info: CaseSummary): string {
  const list = (items: string[]) => (items.length ? oneLineVisibleText(items.join(', ')) : '(none)');
  return (
    [
      ...(info.lake
        ? [
            `lake          ${oneLineVisibleText(info.lake)} (read-only)`,
            `analyst work  ${oneLineVisibleText(info.path)}`,
          ]
        : [`case          ${oneLineVisibleText(info.path)}`]),
      `events        ${info.events}`,
      `sources       ${info.sources} (${info.errors} with errors)`,
      `time span     ${info.first_event ?? '-'} .. ${info.last_event ?? '-'} (UTC)`,
      `accounts      ${list(info.accounts)}`,
      `regions       ${list(info.regions)}`,
      `services      ${list(info.event_sources)}`,
    ].join('\n') + '\n'
  );
}
