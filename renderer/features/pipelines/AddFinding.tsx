import { type FormEvent, useState } from 'react';
import type { Finding, Severity } from '../../../shared/model/finding.ts';
import type { PipelineDiff } from '../../../shared/model/pipeline.ts';
import type { ApiClient } from '../../api/client.ts';
import { errorText } from './format.ts';

const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Turns a comparison into a finding of the case, which the report will carry with its diff. */
export function AddFinding({ client, diff }: { client: ApiClient; diff: PipelineDiff }) {
  const security = diff.changes.filter((c) => c.security).length;
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(`${diff.name} v${diff.from_version} → v${diff.to_version}: ${security ? `${security} security-relevant change${security === 1 ? '' : 's'}` : `${diff.changes.length} changes`}`);
  const [severity, setSeverity] = useState<Severity>(security ? 'high' : 'info');
  const [narrative, setNarrative] = useState('');
  const [saved, setSaved] = useState<Finding | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    client
      .request('findings:add', {
        title,
        severity,
        ...(narrative.trim() ? { narrative } : {}),
        evidence: { kind: 'pipeline-diff', name: diff.name, account: diff.account, region: diff.region, lineage: diff.lineage, from_version: diff.from_version, to_version: diff.to_version },
      })
      .then(setSaved, (e: unknown) => setProblem(errorText(e)));
  };

  if (saved) {
    return (
      <p className="saved" role="status" data-testid="finding-saved">
        Saved as finding {saved.finding_id} ({saved.severity}) with this diff. Report export is not built yet; the finding waits in the case.
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Add this diff to the report
      </button>
    );
  }
  return (
    <form className="finding-form" onSubmit={submit} aria-label="New finding">
      <label>
        Title <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </label>
      <label>
        Severity{' '}
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>
        Narrative <textarea rows={3} value={narrative} onChange={(e) => setNarrative(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit">Save finding</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
    </form>
  );
}
