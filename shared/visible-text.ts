/**
 * Characters that hide or reorder what an analyst reads, in log text an attacker wrote:
 * controls (a terminal escape, a NUL), format characters (bidirectional marks and overrides,
 * zero-width spaces and joiners, the tag characters that spell an invisible ASCII message,
 * interlinear annotations), the other default-ignorable code points (variation selectors, which
 * can carry hidden bytes too, fillers that render as blanks, the soft hyphen), and the line and
 * paragraph separators. Tab and newline are left to each caller.
 */
const HIDDEN = String.raw`\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}`;

/** A lone surrogate, from a JSON escape such as "\ud800": shown as its code, not as U+FFFD. */
const LONE_SURROGATE = String.raw`\p{Cs}`;

const SHOWN_AS_CODE = new RegExp(`[${HIDDEN}${LONE_SURROGATE}]`, 'gu');
const SHOWN_AS_CODE_ON_ONE_LINE = new RegExp(`[\\t\\n${HIDDEN}${LONE_SURROGATE}]`, 'gu');
const WRITTEN_AS_CODE = new RegExp(`^[\\t\\n${HIDDEN}]$`, 'u');
const ANY_HIDDEN = new RegExp(`[\\t\\n${HIDDEN}${LONE_SURROGATE}]`, 'u');

/** `\u001b` for a character of the Basic Multilingual Plane, `\u{e0041}` for one beyond it. */
function codeOf(char: string): string {
  const point = char.codePointAt(0)!;
  return point > 0xffff ? `\\u{${point.toString(16)}}` : `\\u${point.toString(16).padStart(4, '0')}`;
}

/** Log text with its hidden characters written as their codes (`\u202e`); tab and newline kept. */
export const visibleText = (text: string) => text.replace(SHOWN_AS_CODE, codeOf);

/** Log text for one line of a terminal or table: tab and newline written as codes too. */
export const oneLineVisibleText = (text: string) => text.replace(SHOWN_AS_CODE_ON_ONE_LINE, codeOf);

/**
 * Whether one character (one code point) must be written by its number where text is rebuilt
 * as code an analyst reads and runs (a SQL literal's chr(n), an RE2 pattern's \x{n}): the hidden
 * ones, tab and newline. A lone surrogate is not: it has no such number in UTF-8.
 */
export const isWrittenAsCode = (char: string) => WRITTEN_AS_CODE.test(char);

/** Whether text holds a hidden character, a tab or a newline: nothing a person types as a name. */
export const holdsHiddenCharacter = (text: string) => ANY_HIDDEN.test(text);

/**
 * JSON for files and terminals: JSON.stringify already escapes C0 controls and lone
 * surrogates; the other hidden characters it leaves raw are escaped too, a character beyond the
 * Basic Multilingual Plane as its two UTF-16 halves, as JSON writes it. Parsing gives back the
 * same value.
 */
export const controlSafeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(SHOWN_AS_CODE, (char) =>
    char
      .split('')
      .map((half) => `\\u${half.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
