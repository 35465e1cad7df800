import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type EvidenceRef, type Finding, type Severity, severities } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { middleClip } from '../../components/middle-clip.ts';

/** What the core takes of a finding's title and narrative. */
const TITLE_CHARS = 300;
const NARRATIVE_CHARS = 20_000;

export interface FindingDraft {
  title: string;
  severity: Severity;
  /** Given when the evidence already names them (a detection's technique and description). */
  attack_technique?: string;
  narrative?: string;
}

/**
 * Turns a piece of evidence (a query, the chart, a diff, some events) into a finding of the
 * case. The core resolves the reference itself, so the report carries what the case holds.
 * The form opens in a dialog of its own, whatever the width of the toolbar or row the button
 * sits in.
 */
export function FindingForm({
  evidence,
  draft,
  label,
  onSaved,
}: {
  evidence: () => EvidenceRef;
  draft: () => FindingDraft;
  label: ReactNode;
  onSaved?: (finding: Finding) => void;
}) {
  const saving = useApiCall();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [technique, setTechnique] = useState('');
  const [narrative, setNarrative] = useState('');
  const [saved, setSaved] = useState<Finding | null>(null);

  const start = () => {
    const first = draft();
    // Drafts quote the logs and rule authors: a bidirectional override would reorder the title
    // as the analyst reads it in the form, and then in the finding. Codes are longer than what
    // they show, so the draft is cut to what the core takes again.
    setTitle(middleClip(visibleText(first.title), TITLE_CHARS));
    setSeverity(first.severity);
    // Without a draft of its own, what the analyst typed before a cancel is still there.
    if (first.attack_technique !== undefined) setTechnique(first.attack_technique);
    if (first.narrative !== undefined) setNarrative(visibleText(first.narrative).slice(0, NARRATIVE_CHARS));
    setSaved(null);
    setOpen(true);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    saving.run(
      (client) =>
        client.request('finding:add', {
          title,
          severity,
          evidence: evidence(),
          ...(narrative.trim() ? { narrative } : {}),
          ...(technique.trim() ? { attack_technique: technique } : {}),
        }),
      (finding) => {
        setSaved(finding);
        setOpen(false);
        setNarrative('');
        setTechnique('');
        onSaved?.(finding);
      },
    );
  };

  if (!open) {
    return (
      <span className="finding-start">
        <button type="button" className="secondary" onClick={start}>
          {label}
        </button>
        {saved && (
          <span className="saved small" role="status" data-testid="finding-saved">
            Saved as finding {saved.finding_id} ({saved.severity}); the Report tab lists it.
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="finding-start">
      <button type="button" className="secondary" disabled>
        {label}
      </button>
      <FindingDialog onClose={() => setOpen(false)}>
        <form className="finding-form" onSubmit={submit} aria-label="New finding">
          <h3>New finding</h3>
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
            <button type="submit" disabled={saving.busy}>
              {saving.busy ? 'Saving…' : 'Save finding'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
          {saving.error && (
            <p className="error" role="alert">
              {saving.error}
            </p>
          )}
        </form>
      </FindingDialog>
    </span>
  );
}

/** A modal dialog: Escape and Cancel close it, and the page behind waits. */
function FindingDialog({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="finding-dialog" aria-label="New finding" onClose={onClose}>
      {children}
    </dialog>
  );
}

/** ATT&CK techniques seen in CloudTrail incidents, offered as suggestions; any id may be typed. */
const TECHNIQUES = [
  'T1078.004 Valid Accounts: Cloud Accounts',
  'T1098.001 Account Manipulation: Additional Cloud Credentials',
  'T1136.003 Create Account: Cloud Account',
  'T1562.008 Impair Defenses: Disable or Modify Cloud Logs',
  'T1530 Data from Cloud Storage',
  'T1537 Transfer Data to Cloud Account',
  'T1580 Cloud Infrastructure Discovery',
  'T1526 Cloud Service Discovery',
  'T1195.002 Supply Chain Compromise: Software Supply Chain',
  'T1525 Implant Internal Image',
  'T1648 Serverless Execution',
  'T1485 Data Destruction',
  'T1496 Resource Hijacking',
];

export function FindingFields(props: {
  title: string;
  severity: Severity;
  technique: string;
  narrative: string;
  onTitle: (v: string) => void;
  onSeverity: (v: Severity) => void;
  onTechnique: (v: string) => void;
  onNarrative: (v: string) => void;
}) {
  return (
    <>
      <label>
        Title{' '}
        <input
          value={props.title}
          onChange={(e) => props.onTitle(e.target.value)}
          required
          maxLength={TITLE_CHARS}
          placeholder="What this shows, in one line"
        />
      </label>
      <label>
        Severity{' '}
        <select value={props.severity} onChange={(e) => props.onSeverity(e.target.value as Severity)}>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        ATT&amp;CK technique{' '}
        <input
          value={props.technique}
          onChange={(e) => props.onTechnique(e.target.value)}
          list="attack-techniques"
          maxLength={100}
          placeholder="e.g. T1078.004"
        />
        <datalist id="attack-techniques">
          {TECHNIQUES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label>
        Narrative{' '}
        <textarea
          rows={4}
          value={props.narrative}
          onChange={(e) => props.onNarrative(e.target.value)}
          maxLength={NARRATIVE_CHARS}
        />
      </label>
    </>
  );
}
