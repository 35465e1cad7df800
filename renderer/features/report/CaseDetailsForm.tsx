import { type FormEvent, useState } from 'react';
import type { CaseDetails } from '../../../shared/model/report.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';

const EMPTY: CaseDetails = { case_name: null, investigator: null, opened_on: null, closed_on: null };

/** What the report's cover says about the case, beyond what the logs say. */
export function CaseDetailsForm() {
  const stored = useApi('case:get-details', {});
  const saving = useApiCall();
  // The form as edited (or as last saved); until then, the details as stored.
  const [edited, setEdited] = useState<CaseDetails | null>(null);
  const details = edited ?? stored.data ?? EMPTY;
  const [status, setStatus] = useState<string | null>(null);
  const problem = saving.error ?? stored.error;

  const field = (key: keyof CaseDetails) => ({
    value: details[key] ?? '',
    onChange: (e: { target: { value: string } }) => {
      setStatus(null);
      setEdited({ ...details, [key]: e.target.value === '' ? null : e.target.value });
    },
  });

  const save = (event: FormEvent) => {
    event.preventDefault();
    saving.run(
      (client) => client.request('case:save-details', details),
      (saved) => {
        setEdited(saved);
        setStatus('Saved.');
      },
    );
  };

  return (
    <form className="case-details" onSubmit={save} aria-label="Case details">
      <label>
        Case name <input {...field('case_name')} maxLength={300} />
      </label>
      <label>
        Investigator <input {...field('investigator')} maxLength={300} />
      </label>
      <label>
        Opened <input type="date" {...field('opened_on')} />
      </label>
      <label>
        Closed <input type="date" {...field('closed_on')} />
      </label>
      <div className="actions">
        <button type="submit">Save details</button>
        {status && (
          <span className="saved small" role="status">
            {status}
          </span>
        )}
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
