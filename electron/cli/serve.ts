import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { keepServingOnEscapedErrors } from '../server/last-defence.ts';
import { RENDERER_DIR, serveCase } from '../server/serve-case.ts';
import { type Command, EXIT_OK, parseCommand } from './command.ts';
import { stopOnSignal } from './stop-on-signal.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'open a case in the browser face, on 127.0.0.1 with a one-time token',
  usage: `Usage: trailscope serve [--case FILE | --lake DIR] [--port N]

Serves Trailscope's UI for the case (without one: the start screen, with recent cases, open
and new case from archive) on http://127.0.0.1 only and prints one line with the
URL to open, which carries a one-time token: requests without it, from another host, or
from a page of another origin are refused. Ctrl+C (or SIGTERM) cancels running jobs and
queries and exits; if that takes over 5 seconds, or on a second Ctrl+C, it exits at once.

  --case FILE   the case to open (created when missing)
  --lake DIR    a Parquet lake written by trailscope export --parquet, opened read-only; the
                analyst's work goes to DIR.lake-side.trailscope.duckdb beside it
  --port N      the port; 0 or none: a free one, which the line printed names`,

  async run(argv) {
    const { values } = parseCommand('serve', argv, {
      case: { type: 'string' },
      lake: { type: 'string' },
      port: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    if (values.case !== undefined && values.lake !== undefined)
      throw new TrailscopeError('usage', 'Give --case or --lake, not both (see: trailscope serve --help)');
    const port = values.port === undefined ? undefined : Number(values.port);
    // 0 asks the system for a free port, as servers do; the URL printed names the one it gave.
    if (port !== undefined && (!/^\d{1,5}$/.test(values.port!) || port > 65535))
      throw new TrailscopeError('usage', `--port must be a port number (0 for any free one), not "${values.port}"`);
    // Without the built page the API still serves (scripts and tests use it); the page says to build it, and so does
    // this line.
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
      process.stderr.write('trailscope serve: the page is not built yet: run "npm run build" to see it\n');

    const served = await serveCase(
      values.lake !== undefined ? { case: values.lake, create: false, port } : { case: values.case, port },
    );
    keepServingOnEscapedErrors();
    // Listening for the signals before the URL is out: whoever reads it may stop us at once.
    const stopped = stopOnSignal('serve', () => served.stop());
    const store = served.cases.store;
    const what = store ? path.basename(store.lake ?? store.path) : 'the start screen';
    process.stdout.write(`Trailscope is serving ${what} at ${served.server.url}\n`);
    await stopped;
    return EXIT_OK;
  },
};
