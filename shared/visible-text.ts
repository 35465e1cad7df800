/**
 * Log text with its invisible characters shown: control characters (a terminal escape, a
 * NUL) and bidirectional overrides can hide or reorder what an analyst reads, so each is
 * written as its code, like \u001b, instead.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export const visibleText = (text: string) =>
  text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * JSON for files and terminals: JSON.stringify already escapes C0 controls; the C1 controls,
 * line separators and bidirectional overrides it leaves raw are escaped too. Parsing gives
 * back the same value.
 */
export const controlSafeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
