import { type FormEvent, useEffect, useState } from 'react';
import type { CaseDetails } from '../../../shared/model/report.ts';
import type { ApiClient } from '../../api/client.ts';
import { errorText } from '../pipelines/format.ts';

const EMPTY: CaseDetails = { case_name: null, investigator: null, opened_on: null, closed_on: null };

/** What the report's cover says about the case, beyond what the logs say. */
export function CaseDetailsForm({ client }: { client: ApiClient }) {
  const [details, setDetails] = useState<CaseDetails>(EMPTY);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client.request('case:details', {}).then(setDetails, (e: unknown) => setProblem(errorText(e)));
  }, [client]);

  const field = (key: keyof CaseDetails) => ({
    value: details[key] ?? '',
    onChange: (e: { target: { value: string } }) => {
      setStatus(null);
      setDetails({ ...details, [key]: e.target.value === '' ? null : e.target.value });
    },
  });

  const save = (event: FormEvent) => {
    event.preventDefault();
    client.request('case:details:save', details).then(
      (saved) => {
        setDetails(saved);
        setProblem(null);
        setStatus('Saved.');
      },
      (e: unknown) => setProblem(errorText(e)),
    );
  };

  return (
    <form className="case-details" onSubmit={save} aria-label="Case details">
      <label>Case name <input {...field('case_name')} maxLength={300} /></label>
      <label>Investigator <input {...field('investigator')} maxLength={300} /></label>
      <label>Opened <input type="date" {...field('opened_on')} /></label>
      <label>Closed <input type="date" {...field('closed_on')} /></label>
      <div className="actions">
        <button type="submit">Save details</button>
        {status && <span className="saved small" role="status">{status}</span>}
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
    </form>
  );
}
