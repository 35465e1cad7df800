import { MAX_RECORD_DEPTH } from './record-depth.ts';

/**
 * Whether two record bodies are the same JSON value. Two deliveries of one event whose bytes
 * differ only in whitespace between tokens, the order of an object's members or the escaping
 * of a string (`"\u0041"` for `"A"`) say the same thing: CloudTrail's S3 files, lookup-events
 * output and Event-history downloads serialize one event differently, and calling those
 * conflicts would bury the real ones. Anything else is a difference, numbers included: they
 * are compared as written (`1.0` is not `1`, and two 20-digit numbers that one double would
 * hold are not equal), since JSON.parse would round the very digits a forger might change.
 * Text that is not JSON, or nests too deep to walk, is never the same as anything.
 */
export function sameJson(a: string, b: string): boolean {
  if (a === b) return true;
  const left = canonical(a);
  return left !== null && left === canonical(b);
}

/** The value as one string, members sorted by their decoded names and numbers as written; null when it is not JSON. */
export function canonical(text: string): string | null {
  try {
    const reader = new Reader(text);
    const value = reader.value(0);
    reader.skipSpace();
    return reader.at === text.length ? value : null;
  } catch {
    return null;
  }
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
// A string token as JSON allows it: no raw control characters, escapes well formed.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at++;
  }

  value(depth: number): string {
    if (depth > MAX_RECORD_DEPTH) throw new Error('too deep');
    this.skipSpace();
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return JSON.stringify(this.string());
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return literal;
      }
    }
    return this.match(NUMBER);
  }

  private object(depth: number): string {
    this.at++;
    const members: [string, string][] = [];
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return '{}';
    }
    for (;;) {
      this.skipSpace();
      const name = this.string();
      this.expect(':');
      members.push([name, this.value(depth + 1)]);
      if (this.next([',', '}']) === '}') break;
    }
    members.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${members.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
  }

  private array(depth: number): string {
    this.at++;
    const items: string[] = [];
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return '[]';
    }
    for (;;) {
      items.push(this.value(depth + 1));
      if (this.next([',', ']']) === ']') break;
    }
    return `[${items.join(',')}]`;
  }

  private string(): string {
    return JSON.parse(this.match(STRING)) as string;
  }

  private match(pattern: RegExp): string {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found) throw new Error(`not JSON at ${this.at}`);
    this.at = pattern.lastIndex;
    return found[0];
  }

  private expect(c: string): void {
    if (this.next([c]) !== c) throw new Error(`expected ${c}`);
  }

  private next(allowed: string[]): string {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === undefined || !allowed.includes(c)) throw new Error(`expected one of ${allowed.join(' ')}`);
    this.at++;
    return c;
  }
}
