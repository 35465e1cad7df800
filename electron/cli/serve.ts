import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { RENDERER_DIR, serveCase } from '../server/serve-case.ts';
import { type Command, EXIT_OK, parseCommand } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'open a case in the browser face, on 127.0.0.1 with a one-time token',
  usage: `Usage: trailscope serve [--case FILE] [--port N]

Serves Trailscope's UI for the case (without one: the start screen, with recent cases, open
and new case from archive) on http://127.0.0.1 only and prints one line with the
URL to open, which carries a one-time token: requests without it, from another host, or
from a page of another origin are refused. Ctrl+C stops running jobs cleanly and exits.

  --case FILE   the case to open (created when missing)
  --port N      the port (default: any free one)`,

  async run(argv) {
    const { values } = parseCommand('serve', argv, { case: { type: 'string' }, port: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new TrailscopeError('usage', `--port must be a port number, not "${values.port}"`);
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new TrailscopeError('not-found', 'the browser face is not built: run "npm run build" first');

    const served = await serveCase({ case: values.case, port });
    const what = served.cases.store ? path.basename(served.cases.store.path) : 'the start screen';
    process.stdout.write(`Trailscope is serving ${what} at ${served.server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await served.stop();
    return EXIT_OK;
  },
};
