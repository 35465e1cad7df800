import { describe, expect, it } from 'vitest';
import { parseUtc } from '../../renderer/filter/utc-input.ts';

describe('a typed UTC time', () => {
  it('reads a date, a minute or a second, with a space or a T', () => {
    expect(parseUtc('2026-11-02')).toBe('2026-11-02T00:00:00Z');
    expect(parseUtc(' 2026-11-02 02:16 ')).toBe('2026-11-02T02:16:00Z');
    expect(parseUtc('2026-11-02T02:16:30Z')).toBe('2026-11-02T02:16:30Z');
  });

  it('is empty when nothing is typed, and refused when it is no time', () => {
    expect(parseUtc('')).toBeUndefined();
    expect(parseUtc('2026-02-30')).toBeNull();
    expect(parseUtc('yesterday')).toBeNull();
    expect(parseUtc('2026-11-02 25:00')).toBeNull();
  });
});
