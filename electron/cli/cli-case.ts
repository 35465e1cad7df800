import type { ParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';
import { EventHub } from '../api/event-hub.ts';
import { OpenCase } from '../api/open-case.ts';

/**
 * The CLI as a face like the window and the browser face: every question goes through
 * `handleRequest`, in this process, to the same handlers; events (a job's progress) go to
 * whoever listens. A Result that failed becomes the error the command ends with, which
 * main.ts turns into one line and an exit status.
 */
export class CliCase {
  private readonly events = new EventHub();
  // No recent-cases list: cases a script touches are not the UI's to offer.
  private readonly cases = new OpenCase(this.events.emit, null);
  readonly onEvent = this.events.on;

  request<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> {
    return this.cases.request(name, params);
  }

  /**
   * Opened as the other faces open theirs, without `case:open`'s summary: counting a
   * five-million-event case would slow every `query … --limit 10`.
   */
  async open(file: string, create: boolean): Promise<void> {
    await this.cases.open(file, create);
  }

  /** Stops what still runs (its jobs, its queries) and closes the case. */
  close(): Promise<void> {
    return this.cases.close();
  }
}

/** Runs one command's requests on the case at `file` (or on none), and closes it whatever happens. */
export async function withCase<T>(
  file: string | null,
  work: (face: CliCase) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const face = new CliCase();
  try {
    if (file !== null) await face.open(file, options.create ?? false);
    return await work(face);
  } finally {
    await face.close();
  }
}
