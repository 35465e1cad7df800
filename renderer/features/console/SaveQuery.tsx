import { type FormEvent, useState } from 'react';
import { useApiCall } from '../../api/use-api-call.ts';

/** Saves the editor's SQL in the case under a title. */
export function SaveQuery({ sql, onSaved }: { sql: string; onSaved: () => void }) {
  const saving = useApiCall();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    saving.run(
      (client) => client.request('query:save', { title, sql, ...(description.trim() ? { description } : {}) }),
      () => {
        setOpen(false);
        setTitle('');
        setDescription('');
        onSaved();
      },
    );
  };

  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Save…
      </button>
    );
  return (
    <form className="save-query" onSubmit={submit} aria-label="Save query">
      <input
        aria-label="Title"
        placeholder="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
        autoFocus
      />
      <input
        aria-label="Description"
        placeholder="Description (optional)"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <button type="submit">Save</button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Close
      </button>
      {saving.error && (
        <span className="error small" role="alert">
          {saving.error}
        </span>
      )}
    </form>
  );
}
