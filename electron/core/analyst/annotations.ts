import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { AnnotationChange, Annotations } from '../../../shared/model/explore.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';

/** An event's bookmark, tags and note. */
export function eventAnnotations(store: CaseStore, eventKey: string): Promise<Annotations> {
  return store.read((db) => readAnnotations(db, eventKey));
}

/**
 * Applies one change to an event's annotations and logs it in the case log, for chain of
 * custody; a change that changes nothing (bookmarking a bookmarked event) is not logged.
 */
export async function annotate(store: CaseStore, eventKey: string, change: AnnotationChange): Promise<Annotations> {
  await store.writeAnalyst(async (db) => {
    const reader = new CaseReader(db);
    if (!(await reader.row('SELECT 1 FROM events WHERE event_key = $key', { key: eventKey })))
      throw new TrailscopeError('not-found', `no event ${eventKey} in this case`);
    const logged = await apply(db, await readAnnotations(reader, eventKey), change);
    if (logged) await logAction(db, logged.action, { event_key: eventKey, ...logged.detail });
  });
  return eventAnnotations(store, eventKey);
}

type LogEntry = { action: string; detail: Record<string, string> } | null;

async function apply(db: DuckDBConnection, before: Annotations, change: AnnotationChange): Promise<LogEntry> {
  const key = before.event_key;
  switch (change.kind) {
    case 'bookmark':
      if (change.on === before.bookmarked) return null;
      await db.run(
        change.on ? 'INSERT INTO bookmarks VALUES ($key, now())' : 'DELETE FROM bookmarks WHERE event_key = $key',
        { key },
      );
      return { action: change.on ? 'bookmark-added' : 'bookmark-removed', detail: {} };
    case 'tag-add': {
      const tag = change.tag.trim();
      if (tag === '') throw new TrailscopeError('invalid-input', 'a tag cannot be empty');
      if (before.tags.includes(tag)) return null;
      await db.run('INSERT INTO tags VALUES ($key, $tag, now())', { key, tag });
      return { action: 'tag-added', detail: { tag } };
    }
    case 'tag-remove':
      if (!before.tags.includes(change.tag)) return null;
      await db.run('DELETE FROM tags WHERE event_key = $key AND tag = $tag', { key, tag: change.tag });
      return { action: 'tag-removed', detail: { tag: change.tag } };
    case 'note': {
      const body = change.body.trim() === '' ? '' : change.body;
      if (body === (before.note?.body ?? '')) return null;
      if (body === '') {
        await db.run('DELETE FROM notes WHERE event_key = $key', { key });
        return { action: 'note-removed', detail: {} };
      }
      if (before.note) {
        await db.run('UPDATE notes SET body = $body, updated_at = now() WHERE event_key = $key', { key, body });
        return { action: 'note-changed', detail: { body } };
      }
      await db.run('INSERT INTO notes SELECT coalesce(max(note_id), 0) + 1, $key, $body, now(), now() FROM notes', {
        key,
        body,
      });
      return { action: 'note-added', detail: { body } };
    }
  }
}

async function readAnnotations(db: CaseReader, eventKey: string): Promise<Annotations> {
  const row = await db.row<{ bookmarked: boolean; tags: string[]; body: string | null; updated_at: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM bookmarks WHERE event_key = $key) AS bookmarked,
       (SELECT coalesce(list(tag ORDER BY tag), []) FROM tags WHERE event_key = $key) AS tags,
       (SELECT body FROM notes WHERE event_key = $key) AS body,
       (SELECT strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') FROM notes WHERE event_key = $key) AS updated_at`,
    { key: eventKey },
  );
  if (!row) throw new TrailscopeError('internal', 'the annotations query returned no row');
  return {
    event_key: eventKey,
    bookmarked: row.bookmarked,
    tags: row.tags,
    note: row.body === null ? null : { body: row.body, updated_at: row.updated_at ?? '' },
  };
}
