import { type FormEvent, useState } from 'react';
import type { AnnotationChange, Annotations } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';

interface AnnotationControlsProps {
  eventKey: string;
  onBookmark: (eventKey: string, on: boolean) => void;
}

/** Bookmark, tags and a note on one event; each change is saved at once and logged by the core. */
export function AnnotationControls({ eventKey, onBookmark }: AnnotationControlsProps) {
  const loaded = useApi('event:get-annotations', { event_key: eventKey });
  const changing = useApiCall();
  // What the last change answered; until then, what was read.
  const [changed, setChanged] = useState<Annotations | null>(null);
  const annotations = changed ?? loaded.data;
  const [tag, setTag] = useState('');
  // The note as being typed; until the analyst types, the note as stored.
  const [draft, setDraft] = useState<string | null>(null);
  const note = draft ?? annotations?.note?.body ?? '';
  const [saved, setSaved] = useState<string | null>(null);
  const problem = changing.error ?? loaded.error;

  const change = (edit: AnnotationChange, done: string) => {
    setSaved(null);
    changing.run(
      (client) => client.request('event:annotate', { event_key: eventKey, change: edit }),
      (value) => {
        setChanged(value);
        setSaved(done);
        if (edit.kind === 'bookmark') onBookmark(eventKey, value.bookmarked);
      },
    );
  };

  if (!annotations)
    return problem ? (
      <p className="error" role="alert">
        {problem}
      </p>
    ) : null;
  const addTag = (e: FormEvent) => {
    e.preventDefault();
    if (tag.trim() === '') return;
    change({ kind: 'tag-add', tag }, `Tagged ${tag.trim()}`);
    setTag('');
  };
  return (
    <div className="annotations" data-testid="annotations">
      <div className="annotation-row">
        <button
          type="button"
          className={annotations.bookmarked ? '' : 'secondary'}
          aria-pressed={annotations.bookmarked}
          onClick={() =>
            change(
              { kind: 'bookmark', on: !annotations.bookmarked },
              annotations.bookmarked ? 'Bookmark removed' : 'Bookmarked',
            )
          }
        >
          {annotations.bookmarked ? '★ Bookmarked' : '☆ Bookmark'}
        </button>
        <ul className="tags" aria-label="Tags">
          {annotations.tags.map((t) => (
            <li key={t} className="tag">
              {visibleText(t)}
              <button
                type="button"
                className="link"
                aria-label={`Remove tag ${t}`}
                onClick={() => change({ kind: 'tag-remove', tag: t }, `Tag ${t} removed`)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form className="tag-form" onSubmit={addTag}>
          <input
            aria-label="New tag"
            placeholder="tag"
            maxLength={100}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
          <button type="submit" className="secondary small-button">
            Add tag
          </button>
        </form>
      </div>
      <form
        className="note-form"
        onSubmit={(e) => (
          e.preventDefault(), change({ kind: 'note', body: note }, note.trim() ? 'Note saved' : 'Note removed')
        )}
      >
        <textarea
          aria-label="Note"
          placeholder="Note on this event (kept in the case, logged)"
          rows={2}
          maxLength={20_000}
          value={note}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="secondary small-button" disabled={note === (annotations.note?.body ?? '')}>
          Save note
        </button>
      </form>
      <p className="small" aria-live="polite">
        {problem ? (
          <span className="error" role="alert">
            {problem}
          </span>
        ) : (
          <span className="saved">{saved}</span>
        )}
      </p>
    </div>
  );
}
