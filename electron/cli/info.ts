import { CaseStore } from '../core/case/case-store.ts';
import { caseInfo } from '../core/case/case-info.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';
import { terminalSafe } from './terminal-text.ts';
import { controlSafeJson } from '../../shared/visible-text.ts';

export const infoCommand: Command = {
  name: 'info',
  summary: 'summarize a case: counts, time span, accounts, regions',
  usage: `Usage: trailscope info --case FILE [--json]

  --case FILE   the case file
  --json        one JSON object: events, sources, errors, first_event, last_event,
                accounts, regions, event_sources`,

  async run(argv) {
    const { values } = parseCommand('info', argv, { case: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const store = await CaseStore.open(requireCase('info', values.case));
    try {
      const info = await caseInfo(store);
      if (values.json) {
        process.stdout.write(`${controlSafeJson(info, 2)}\n`);
      } else {
        const list = (items: string[]) => (items.length ? terminalSafe(items.join(', ')) : '(none)');
        process.stdout.write(
          [
            `case          ${terminalSafe(store.path)}`,
            `events        ${info.events}`,
            `sources       ${info.sources} (${info.errors} with errors)`,
            `time span     ${info.first_event ?? '-'} .. ${info.last_event ?? '-'} (UTC)`,
            `accounts      ${list(info.accounts)}`,
            `regions       ${list(info.regions)}`,
            `services      ${list(info.event_sources)}`,
          ].join('\n') + '\n',
        );
      }
      return EXIT_OK;
    } finally {
      store.close();
    }
  },
};
