import { messageOf } from '../../shared/api/errors.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

/** How long stopping may take before the process ends without waiting for it. */
export const STOP_GRACE_MS = 5_000;

/**
 * Listens for SIGINT and SIGTERM from now on, and on the first runs `stop`; resolves once it
 * has. Stopping always ends the process: a second signal, a stop that fails, or one still
 * running after the grace period ends it at once, by the signal itself (exit status 128 + n).
 * That skips Node's exit clean-up, which waits for any query DuckDB is still running and so
 * once left a case locked until SIGKILL; what was committed is safe, and DuckDB replays its
 * log when the case is next opened.
 */
export function stopOnSignal(command: string, stop: () => Promise<void>, graceMs = STOP_GRACE_MS): Promise<void> {
  const exitNow = (why: string, signal: StopSignal) => {
    process.stderr.write(`trailscope ${command}: ${why}: exiting now, without waiting (what was committed is safe)\n`);
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  };
  return new Promise((resolve) => {
    let stopping = false;
    // One listener for good: two signals read in one turn of the event loop both reach it,
    // where a listener swapped after the first would miss the second.
    const onSignal = (signal: StopSignal) => {
      if (stopping) return exitNow(`${signal} while stopping`, signal);
      stopping = true;
      const deadline = setTimeout(() => exitNow(`still stopping after ${graceMs / 1000} s`, signal), graceMs);
      stop().then(
        () => {
          // Stopped: the deadline no longer holds the process open, but still ends it if something else does.
          deadline.unref();
          resolve();
        },
        (error: unknown) => exitNow(`could not stop cleanly: ${messageOf(error).split('\n')[0]}`, signal),
      );
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });
}
