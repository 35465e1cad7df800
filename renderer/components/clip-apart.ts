import { middleClip } from './middle-clip.ts';

/** Characters kept before the first one that differs, so the cut shows what the difference is part of. */
const CONTEXT = 4;
/** Characters kept from the start of a value cut around its difference: what kind of value it is ("arn:aws:"). */
const LEAD = 8;

const sharedPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * Values shown side by side (a legend, an axis), each cut to `max` characters so that what
 * differs between them stays visible. A value is cut in the middle (`middleClip`) unless that
 * makes it look like another; then it is cut around where it first differs from the value it
 * is most like: `arn:aws:…ole/Admin…/alice` and `arn:aws:…ole/Audit…/alice`, where the
 * middle cut showed the same `arn:aws:sts::…/alice` twice.
 */
export function clipApart(texts: readonly string[], max: number): string[] {
  const plain = texts.map((t) => middleClip(t, max));
  return texts.map((text, i) => {
    const alike = texts.filter((other, j) => other !== text && plain[j] === plain[i]);
    if (alike.length === 0) return plain[i]!;
    const shared = Math.max(...texts.filter((other) => other !== text).map((other) => sharedPrefix(text, other)));
    const from = Math.max(LEAD, shared - CONTEXT);
    return `${text.slice(0, LEAD)}…${middleClip(text.slice(from), max - LEAD - 1)}`;
  });
}
