import { controlSafeJson } from '../../shared/visible-text.ts';

/** What a stream must do for `writeJson`: take text, and say when it has room for more. */
export interface TextSink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** An array to write a page at a time, each item as `shown` gives it. */
export class StreamedArray<T> {
  constructor(
    readonly pages: AsyncIterable<T[]>,
    readonly shown: (item: T) => unknown = (item) => item,
  ) {}
}

/** Items turned into text at a time. */
const WRITTEN_AT_ONCE = 1000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof StreamedArray);

const streams = (value: unknown): boolean =>
  value instanceof StreamedArray || (isPlainObject(value) && Object.values(value).some(streams));

/**
 * Writes `value` and a line break as `controlSafeJson(value, 2)` would, its `StreamedArray`s (in
 * plain objects, at any depth) a page at a time, no faster than `out` takes the text: a value too
 * large to hold as one text, millions of verdicts say, is never held whole.
 */
export async function writeJson(out: TextSink, value: unknown): Promise<void> {
  const send = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  const indent = (depth: number) => `\n${'  '.repeat(depth)}`;
  const plain = (v: unknown, depth: number) => controlSafeJson(v, 2).replaceAll('\n', indent(depth));

  async function write(v: unknown, depth: number): Promise<void> {
    if (v instanceof StreamedArray) {
      let written = 0;
      for await (const page of v.pages as AsyncIterable<unknown[]>) {
        for (let i = 0; i < page.length; i += WRITTEN_AT_ONCE) {
          const items = page
            .slice(i, i + WRITTEN_AT_ONCE)
            .map((item) => `${written++ === 0 ? '[' : ','}${indent(depth + 1)}${plain(v.shown(item), depth + 1)}`);
          await send(items.join(''));
        }
      }
      await send(written > 0 ? `${indent(depth)}]` : '[]');
      return;
    }
    if (!streams(v)) return send(plain(v, depth));
    // As JSON.stringify: properties whose value is undefined are left out.
    const entries = Object.entries(v as Record<string, unknown>).filter(([, value]) => value !== undefined);
    await send('{');
    for (const [i, [key, value]] of entries.entries()) {
      await send(`${i > 0 ? ',' : ''}${indent(depth + 1)}${controlSafeJson(key)}: `);
      await write(value, depth + 1);
    }
    await send(entries.length > 0 ? `${indent(depth)}}` : '{}');
  }

  await write(value, 0);
  await send('\n');
}
