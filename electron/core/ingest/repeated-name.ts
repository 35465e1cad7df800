/**
 * Finds a member name given twice in one object of a record, with where it is, for records
 * the fast walk of `record-key.ts` could not finish (DuckDB also reads NaN, trailing commas
 * and escaped surrogates) and to say where the fast walk found one. It reads the record as
 * leniently as DuckDB does and compares names after decoding escapes, so `"event\u004eame"`
 * repeats `"eventName"`. Iterative: a record nested a million deep must not overflow the stack.
 */

export interface RepeatedName {
  name: string;
  /** The object holding it, as a JSONPath: `$`, `$.userIdentity`, `$.resources[2]`. */
  path: string;
}

/**
 * An open object or array. `key` is the member name or index of the value being read in it;
 * an object's names are kept in a set from its second name on (a record nested a million deep
 * must not cost a million sets).
 */
interface Frame {
  object: boolean;
  key: string | number;
  names: Set<string> | null;
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
// A bare token (number, true, NaN…) ends at JSON syntax, whitespace or a control character.
const endsToken = (c: number) =>
  c <= 0x20 || c === 0x2c || c === 0x3a || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x22;

function pathOf(frames: readonly Frame[], depth: number): string {
  let path = '$';
  for (let i = 0; i < depth; i++) {
    const key = frames[i]!.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** Whether `name` was already given in the object `frame`; adds it. */
function repeats(frame: Frame, name: string): boolean {
  if (frame.names === null) {
    if (frame.key === name) return true;
    frame.names = new Set([frame.key as string]);
  }
  if (frame.names.has(name)) return true;
  frame.names.add(name);
  return false;
}

/** The first repeated name in reading order, or null (none, or the text is not JSON DuckDB reads). */
export function findRepeatedName(text: string): RepeatedName | null {
  const frames: Frame[] = [];
  let pos = 0;
  let expectValue = true;
  const skip = () => {
    while (pos < text.length && isWs(text.charCodeAt(pos))) pos++;
  };
  const readString = (): string | null => {
    const start = ++pos;
    let escapes = false;
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) return null;
      if (c === 0x5c) {
        escapes = true;
        pos++;
      }
    }
    if (pos >= text.length) return null;
    const raw = text.slice(start, pos++);
    if (!escapes) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  };
  // At a member's name (after `{` or `,`): reads it and the colon; false when that fails.
  const readName = (frame: Frame, first: boolean): RepeatedName | boolean => {
    const name = text.charCodeAt(pos) === 0x22 ? readString() : null;
    if (name === null) return false;
    if (first) frame.key = name;
    else if (repeats(frame, name)) return { name, path: pathOf(frames, frames.length - 1) };
    frame.key = name;
    skip();
    return text.charCodeAt(pos++) === 0x3a;
  };

  for (;;) {
    skip();
    if (pos >= text.length) return null;
    const c = text.charCodeAt(pos);
    const top = frames.at(-1);
    if (expectValue) {
      if (c === 0x7b || c === 0x5b) {
        const object = c === 0x7b;
        const frame: Frame = { object, key: 0, names: null };
        frames.push(frame);
        pos++;
        skip();
        if (text.charCodeAt(pos) === (object ? 0x7d : 0x5d)) {
          frames.pop();
          pos++;
          expectValue = false;
        } else if (object && readName(frame, true) !== true) {
          return null;
        }
        continue;
      }
      if (c === 0x22) {
        if (readString() === null) return null;
      } else {
        const start = pos;
        while (pos < text.length && !endsToken(text.charCodeAt(pos))) pos++;
        if (pos === start) return null;
      }
      expectValue = false;
      continue;
    }
    if (!top) return null;
    if (c === 0x2c) {
      pos++;
      skip();
      const next = text.charCodeAt(pos);
      // DuckDB accepts a trailing comma.
      if (next === 0x7d || next === 0x5d) continue;
      if (top.object) {
        const read = readName(top, false);
        if (read !== true) return read === false ? null : read;
      } else {
        top.key = (top.key as number) + 1;
      }
      expectValue = true;
      continue;
    }
    if (c === (top.object ? 0x7d : 0x5d)) {
      frames.pop();
      pos++;
      if (frames.length === 0) return null;
      continue;
    }
    return null;
  }
}

/** The reason a record with a repeated name is not loaded. */
export function repeatedNameReason(found: RepeatedName | null): string {
  const name = found
    ? JSON.stringify(found.name.length > 100 ? `${found.name.slice(0, 100)}…` : found.name)
    : 'a member name';
  const where = found
    ? ` in the object at ${found.path.length > 200 ? `${found.path.slice(0, 200)}…` : found.path}`
    : '';
  return `${name} is given twice${where}: CloudTrail never writes that, and readers disagree on which value counts`;
}
