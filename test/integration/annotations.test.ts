import { describe, expect, it } from 'vitest';
import { annotate, eventAnnotations } from '../../electron/core/analyst/annotations.ts';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const KEY = 'demo-0014-1d500a0e@111122223333';

const caseLog = async () =>
  (await store().writer.runAndReadAll(`SELECT action, detail::VARCHAR AS detail FROM case_log ORDER BY entry_id`))
    .getRowObjectsJson()
    .map((r) => ({ action: r.action, detail: JSON.parse(String(r.detail)) }));

describe('annotations on an event', () => {
  it('start empty', async () => {
    expect(await eventAnnotations(store(), KEY)).toEqual({ event_key: KEY, bookmarked: false, tags: [], note: null });
  });

  it('bookmark and unbookmark, logging each change once', async () => {
    expect((await annotate(store(), KEY, { kind: 'bookmark', on: true })).bookmarked).toBe(true);
    await annotate(store(), KEY, { kind: 'bookmark', on: true });
    const page = await eventsPage(store(), { bookmarked: true }, 0, 10);
    expect(page.rows.map((r) => [r.event_key, r.bookmarked])).toEqual([[KEY, true]]);
    expect((await annotate(store(), KEY, { kind: 'bookmark', on: false })).bookmarked).toBe(false);
    expect((await eventsPage(store(), { bookmarked: true }, 0, 10)).total).toBe(0);
    expect(await caseLog()).toEqual([
      { action: 'bookmark-added', detail: { event_key: KEY } },
      { action: 'bookmark-removed', detail: { event_key: KEY } },
    ]);
  });

  it('add and remove tags, sorted and without duplicates', async () => {
    await annotate(store(), KEY, { kind: 'tag-add', tag: 'persistence' });
    await annotate(store(), KEY, { kind: 'tag-add', tag: ' exfiltration ' });
    await annotate(store(), KEY, { kind: 'tag-add', tag: 'persistence' });
    expect((await eventAnnotations(store(), KEY)).tags).toEqual(['exfiltration', 'persistence']);
    expect((await annotate(store(), KEY, { kind: 'tag-remove', tag: 'persistence' })).tags).toEqual(['exfiltration']);
    expect((await caseLog()).slice(2)).toEqual([
      { action: 'tag-added', detail: { event_key: KEY, tag: 'persistence' } },
      { action: 'tag-added', detail: { event_key: KEY, tag: 'exfiltration' } },
      { action: 'tag-removed', detail: { event_key: KEY, tag: 'persistence' } },
    ]);
  });

  it('keep one note per event: written, rewritten, removed when emptied', async () => {
    expect((await annotate(store(), KEY, { kind: 'note', body: 'Attacker adds a Lambda step.' })).note?.body).toBe(
      'Attacker adds a Lambda step.',
    );
    const changed = await annotate(store(), KEY, { kind: 'note', body: '<b>not html</b>' });
    expect(changed.note).toMatchObject({
      body: '<b>not html</b>',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const notes = await store().writer.runAndReadAll(`SELECT count(*) FROM notes WHERE event_key = $key`, { key: KEY });
    expect(Number(notes.getRows()[0]![0])).toBe(1);
    expect((await annotate(store(), KEY, { kind: 'note', body: '  ' })).note).toBeNull();
    expect((await caseLog()).slice(5).map((e) => e.action)).toEqual(['note-added', 'note-changed', 'note-removed']);
  });

  it('refuse an event the case does not hold, and log nothing', async () => {
    const before = (await caseLog()).length;
    await expect(annotate(store(), 'nope', { kind: 'bookmark', on: true })).rejects.toThrow(
      'no event nope in this case',
    );
    expect(await caseLog()).toHaveLength(before);
  });
});
