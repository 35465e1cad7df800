import { messageOf } from '../../../shared/api/errors.ts';

const DISK_FULL = /No space left on device|ENOSPC|disk (is )?full|Disk quota exceeded|EDQUOT/i;

/**
 * The error to show for a failure that a full disk caused, saying so first (DuckDB reports it
 * as a failed checkpoint or write, and the rollback after it as "cannot rollback", which hid
 * it), with the original message after; null when the disk is not the cause.
 */
export function diskFullError(error: unknown, what: string): Error | null {
  const message = messageOf(error);
  if (!DISK_FULL.test(message)) return null;
  return new Error(
    `The disk is full: ${what} failed, and the ingest stopped. What earlier batches committed is whole; free some space and run the same ingest again, it adds exactly what is missing. The error was: ${message}`,
    { cause: error },
  );
}
