/**
 * Log fields are attacker-controlled: an escape sequence in a userAgent must not drive the
 * analyst's terminal. Control characters are shown as visible escapes instead.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
