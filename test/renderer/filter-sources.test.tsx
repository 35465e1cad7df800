import { describe, expect, it } from 'vitest';
import { filterKey, fromSources, withoutSources, withRange } from '../../renderer/filter/filter-edits.ts';

describe('the explorer filter narrowed to source files', () => {
  it('is the files alone, over the whole case, when pivoted to from the Integrity view', () => {
    expect(fromSources([42])).toEqual({ source_ids: [42] });
  });

  it('selects other events than the same filter without files, whatever their order', () => {
    const base = withRange({ fields: { event_name: ['ListUsers'] } }, '2026-11-02T00:00:00Z', undefined);
    expect(filterKey({ ...base, source_ids: [3, 1] })).not.toBe(filterKey(base));
    expect(filterKey({ ...base, source_ids: [3, 1] })).toBe(filterKey({ ...base, source_ids: [1, 3] }));
  });

  it('loses the files and keeps the rest when their chip is removed', () => {
    expect(withoutSources({ source_ids: [7], bookmarked: true, from: '2026-11-02T00:00:00Z' })).toEqual({
      bookmarked: true,
      from: '2026-11-02T00:00:00Z',
    });
  });
});
