import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestTable } from '../../electron/core/ingest/digest-table.ts';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** A digest whose first word (the table's index) is `first`'s and whose last hex digit differs. */
const sameIndexAs = (first: string, last: string) => `${first.slice(0, 63)}${last}`;

describe('a table of SHA-256 digests', () => {
  it('finds every digest added, with its values, after growing many times', () => {
    const table = new DigestTable();
    for (let i = 0; i < 100_000; i++) expect(table.add(digest(`file ${i}`), i, i % 7)).toBe(true);
    expect(table.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) {
      expect(table.has(digest(`file ${i}`))).toBe(true);
      expect(table.get(digest(`file ${i}`))).toEqual([i, i % 7]);
    }
    expect(table.has(digest('file 100000'))).toBe(false);
    expect(table.get(digest('never added'))).toBeNull();
  });

  it('tells apart digests that differ in their last digit only, which share a slot index', () => {
    const table = new DigestTable();
    const base = digest('base');
    const variants = ['0', '1', 'a', 'f'].map((last) => sameIndexAs(base, last));
    variants.forEach((variant, i) => table.add(variant, i));
    for (const [i, variant] of variants.entries()) expect(table.get(variant)).toEqual([i, 0]);
    expect(table.has(sameIndexAs(base, '5'))).toBe(false);
  });

  it('keeps the first values of a digest added twice', () => {
    const table = new DigestTable();
    expect(table.add(digest('a'), 1, 2)).toBe(true);
    expect(table.add(digest('a'), 3, 4)).toBe(false);
    expect(table.get(digest('a'))).toEqual([1, 2]);
    expect(table.size).toBe(1);
  });

  it('holds the whole range of its values', () => {
    const table = new DigestTable();
    table.add(digest('zero'));
    table.add(digest('max'), 2 ** 31 - 1, 2 ** 32 - 1);
    expect(table.get(digest('zero'))).toEqual([0, 0]);
    expect(table.get(digest('max'))).toEqual([2 ** 31 - 1, 2 ** 32 - 1]);
    for (const [first, second] of [
      [-1, 0],
      [2 ** 31, 0],
      [0, -1],
      [0, 2 ** 32],
      [1.5, 0],
      [Number.NaN, 0],
    ])
      expect(() => table.add(digest(`bad ${first} ${second}`), first, second)).toThrow(RangeError);
    expect(table.size).toBe(2);
  });

  it('takes no other string for a digest: nothing is stored or found under it', () => {
    const table = new DigestTable();
    const real = digest('real');
    table.add(real, 5);
    const notDigests = [
      real.toUpperCase(),
      real.slice(0, 63),
      `${real}0`,
      `${real.slice(0, 63)}g`,
      `${real.slice(0, 31)} ${real.slice(32)}`,
      '',
      'not a digest',
      '٣'.repeat(64),
    ];
    for (const text of notDigests) {
      expect(table.add(text, 1)).toBe(false);
      expect(table.has(text)).toBe(false);
      expect(table.get(text)).toBeNull();
    }
    expect(table.size).toBe(1);
    expect(table.get(real)).toEqual([5, 0]);
  });
});
