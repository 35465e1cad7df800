/** A failure as the analyst reads it: the core's message, which already says what and where. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
