import { type FormEvent, useState } from 'react';
import type { Finding, Severity } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { FindingFields } from '../findings/FindingForm.tsx';
import { EvidencePreview } from './EvidencePreview.tsx';

const EVIDENCE_NAMES: Record<Finding['evidence']['kind'], string> = {
  query: 'query result',
  'volume-chart': 'volume chart',
  'pipeline-diff': 'pipeline diff',
  events: 'bookmarked events',
  integrity: 'integrity verdicts',
};

/** One finding in the report builder: read, reword, move, or drop it. */
export function FindingCard({ finding, count, onChanged }: { finding: Finding; count: number; onChanged: () => void }) {
  const action = useApiCall();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(finding.title);
  const [severity, setSeverity] = useState<Severity>(finding.severity);
  const [technique, setTechnique] = useState(finding.attack_technique ?? '');
  const [narrative, setNarrative] = useState(finding.narrative ?? '');
  // A hit's finding takes its rule's title and description, which an imported Sigma rule's author wrote.
  const shownTitle = visibleText(finding.title);

  const act = (work: (client: ApiClient) => Promise<unknown>) =>
    action.run(work, () => {
      setEditing(false);
      onChanged();
    });

  const save = (event: FormEvent) => {
    event.preventDefault();
    act((client) =>
      client.request('finding:edit', {
        finding_id: finding.finding_id,
        title,
        severity,
        narrative,
        attack_technique: technique,
      }),
    );
  };
  const move = (position: number) =>
    act((client) => client.request('finding:move', { finding_id: finding.finding_id, position }));
  const remove = () => {
    if (window.confirm(`Delete finding "${shownTitle}"? The case log keeps a record that it existed.`)) {
      act((client) => client.request('finding:delete', { finding_id: finding.finding_id }));
    }
  };

  return (
    <li
      className={`finding-card severity-${finding.severity}`}
      aria-label={`Finding ${finding.position}: ${shownTitle}`}
      data-testid="finding-card"
    >
      <header>
        <span className="finding-number">{finding.position}.</span>
        <strong className="finding-title">{shownTitle}</strong>
        <span className={`severity-badge ${finding.severity}`}>{finding.severity}</span>
        {finding.attack_technique && <span className="muted small">ATT&amp;CK {finding.attack_technique}</span>}
        <span className="muted small">{EVIDENCE_NAMES[finding.evidence.kind]}</span>
        <span className="spacer" />
        <button
          type="button"
          className="secondary small"
          disabled={finding.position === 1}
          onClick={() => move(finding.position - 1)}
          aria-label={`Move finding ${finding.position} up`}
        >
          ↑
        </button>
        <button
          type="button"
          className="secondary small"
          disabled={finding.position === count}
          onClick={() => move(finding.position + 1)}
          aria-label={`Move finding ${finding.position} down`}
        >
          ↓
        </button>
        <button type="button" className="secondary small" onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <button type="button" className="secondary small" onClick={remove}>
          Delete
        </button>
      </header>
      {editing ? (
        <form className="finding-form" onSubmit={save} aria-label={`Edit finding ${finding.position}`}>
          <FindingFields
            title={title}
            severity={severity}
            technique={technique}
            narrative={narrative}
            onTitle={setTitle}
            onSeverity={setSeverity}
            onTechnique={setTechnique}
            onNarrative={setNarrative}
          />
          <div className="actions">
            <button type="submit">Save</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        finding.narrative && <p className="finding-narrative">{visibleText(finding.narrative)}</p>
      )}
      <EvidencePreview evidence={finding.evidence} />
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </li>
  );
}
