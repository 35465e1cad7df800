import { visibleText } from '../../shared/visible-text.ts';

/**
 * A failure as the analyst reads it: the core's message, which already says what and where.
 * DuckDB's quote the values they failed on, so their invisible characters are shown as codes
 * (a bidirectional override in an event name reversed the rest of the message).
 */
export const errorText = (error: unknown): string =>
  visibleText(error instanceof Error ? error.message : String(error));
