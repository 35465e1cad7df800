import { type FormEvent, useState } from 'react';
import type { ApiClient } from '../../api/client.ts';

/** Saves the editor's SQL in the case under a title. */
export function SaveQuery({ client, sql, onSaved }: { client: ApiClient; sql: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    client.request('queries:save', { title, sql, ...(description.trim() ? { description } : {}) }).then(
      () => {
        setOpen(false);
        setTitle('');
        setDescription('');
        setProblem(null);
        onSaved();
      },
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  };

  if (!open) return <button type="button" className="secondary" onClick={() => setOpen(true)}>Save…</button>;
  return (
    <form className="save-query" onSubmit={submit} aria-label="Save query">
      <input aria-label="Title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} required autoFocus />
      <input aria-label="Description" placeholder="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} />
      <button type="submit">Save</button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>Close</button>
      {problem && <span className="error small" role="alert">{problem}</span>}
    </form>
  );
}
