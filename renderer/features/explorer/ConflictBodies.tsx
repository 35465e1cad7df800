import { diffLines } from 'diff';
import { useEffect, useMemo, useRef, useState } from 'react';
import { counted } from '../../../shared/ingest-outcome.ts';
import type { DeliveredBody, EventConflicts } from '../../../shared/model/conflict.ts';
import { canonical } from '../../../shared/same-json.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { indentJson } from '../../components/indent-json.ts';
import { count } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';

/** Why a conflict matters, in the words every view uses. */
export const CONFLICT_MEANING =
  'Deliveries of one event should be identical: a body that differs is evidence of tampering or of a bad export.';

type Layout = 'sorted' | 'delivered';

interface Row {
  left: string | null;
  right: string | null;
  changed: boolean;
}

/**
 * The most lines a diff may add and remove before it gives up: diffing is quadratic in them, and
 * two forged bodies of 8,000 members, none alike, took 9 s (a body may hold 4 MiB). Two deliveries
 * of one event that differ in more are not told apart line by line.
 */
const MAX_EDITED_LINES = 1000;
/** Rows drawn at first, and more at each ask. */
const PAGE = 2000;

/**
 * Both bodies as lines, pairing the diff's removed and added runs so each side keeps its own
 * order; past MAX_EDITED_LINES, the two sides whole, unpaired (`paired` false).
 */
function sideBySide(left: string, right: string): { rows: Row[]; paired: boolean } {
  const rows: Row[] = [];
  const lines = (text: string) => text.replace(/\n$/, '').split('\n');
  const diffed = diffLines(left, right, { maxEditLength: MAX_EDITED_LINES });
  const parts = diffed ?? [
    { value: left, removed: true, added: false },
    { value: right, removed: false, added: true },
  ];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (const line of lines(part.value)) rows.push({ left: line, right: line, changed: false });
    } else if (part.removed && parts[i + 1]?.added) {
      const before = lines(part.value);
      const after = lines(parts[++i]!.value);
      for (let k = 0; k < Math.max(before.length, after.length); k++)
        rows.push({ left: before[k] ?? null, right: after[k] ?? null, changed: true });
    } else {
      for (const line of lines(part.value))
        rows.push(part.added ? { left: null, right: line, changed: true } : { left: line, right: null, changed: true });
    }
  }
  return { rows, paired: diffed !== undefined };
}

/** A body laid out for reading: as delivered (only whitespace changes), or with every object's members sorted. */
function laidOut(record: string, layout: Layout): string {
  const text = layout === 'sorted' ? (canonical(record) ?? record) : record;
  return visibleText(indentJson(text));
}

function BodyHead({ body, label }: { body: DeliveredBody; label: string }) {
  return (
    <div className="conflict-head">
      <strong>{label}</strong>
      <div className="small">
        <IdentifierText value={body.file} max={90} /> <span className="muted">record {body.record_index}</span>
      </div>
      <div className="small muted">
        SHA-256 <IdentifierText className="hash" value={body.sha256} max={64} />
      </div>
    </div>
  );
}

function Compare({ conflicts, onClose }: { conflicts: EventConflicts; onClose: () => void }) {
  const [other, setOther] = useState(0);
  const [layout, setLayout] = useState<Layout>('sorted');
  const [drawn, setDrawn] = useState(PAGE);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const kept = conflicts.kept;
  const shown = conflicts.others[other];
  // Not again for each page of lines drawn: bodies of megabytes take a second.
  const pair = useMemo(
    () => (kept && shown ? sideBySide(laidOut(kept.record, layout), laidOut(shown.record, layout)) : null),
    [kept, shown, layout],
  );
  if (!kept || !shown || !pair) return null;
  const { rows, paired } = pair;
  const changed = rows.filter((r) => r.changed).length;
  return (
    <dialog ref={dialog} className="conflict-dialog" aria-labelledby="conflict-title" onClose={onClose}>
      <header className="dialog-head">
        <h2 id="conflict-title">Conflicting deliveries of one event</h2>
        <button type="button" className="secondary small-button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      <p className="conflict-warning" role="note">
        <strong>{CONFLICT_MEANING}</strong> The case keeps the first delivery as the event and every differing body byte
        for byte (table <code>event_conflicts</code>).
      </p>
      <p className="small">
        Event <IdentifierText value={conflicts.event_key} max={90} /> ·{' '}
        {counted(conflicts.others.length, 'delivery differs', 'deliveries differ')} from the stored body ·{' '}
        {paired
          ? `${counted(changed, 'line', 'lines')} of this pair ${changed === 1 ? 'differs' : 'differ'}`
          : `this pair differs in more than ${count(MAX_EDITED_LINES)} lines: both are shown whole, side by side, without pairing the lines that match`}
      </p>
      <div className="actions small">
        {conflicts.others.length > 1 && (
          <label>
            Compare with{' '}
            <select value={other} onChange={(e) => setOther(Number(e.target.value))}>
              {conflicts.others.map((o, i) => (
                <option key={`${o.source_id}#${o.record_index}`} value={i}>
                  delivery {i + 1}: record {o.record_index} of {o.file.split('/').pop()}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <input type="radio" checked={layout === 'sorted'} onChange={() => setLayout('sorted')} /> members sorted
        </label>
        <label>
          <input type="radio" checked={layout === 'delivered'} onChange={() => setLayout('delivered')} /> as delivered
        </label>
      </div>
      <div className="conflict-bodies" data-testid="conflict-bodies">
        <BodyHead body={kept} label="Stored as the event (first delivery)" />
        <BodyHead body={shown} label={`Delivered otherwise${conflicts.others.length > 1 ? ` (${other + 1})` : ''}`} />
        {rows.slice(0, drawn).map((row, i) => (
          <div key={i} className="conflict-row">
            <pre className={row.changed ? (row.left === null ? 'empty' : 'old') : ''}>{row.left ?? ''}</pre>
            <pre className={row.changed ? (row.right === null ? 'empty' : 'new') : ''}>{row.right ?? ''}</pre>
          </div>
        ))}
      </div>
      <ShowMore hidden={rows.length - drawn} step={PAGE} what="lines" onShow={() => setDrawn((n) => n + PAGE)} />
    </dialog>
  );
}

/** The bodies of an event whose deliveries disagree, side by side, for as long as `onClose` is not called. */
export function ConflictCompare({ eventKey, onClose }: { eventKey: string; onClose: () => void }) {
  const conflicts = useApi('case:get-conflict', { event_key: eventKey });
  if (conflicts.error)
    return (
      <p className="error" role="alert">
        Could not read the conflicting bodies: {conflicts.error}
      </p>
    );
  return conflicts.data ? <Compare conflicts={conflicts.data} onClose={onClose} /> : null;
}

/** In an event's record: says when its deliveries disagree, and opens both bodies side by side. */
export function ConflictBodies({ eventKey }: { eventKey: string }) {
  const conflicts = useApi('case:get-conflict', { event_key: eventKey });
  const [open, setOpen] = useState(false);
  const found = conflicts.data;
  if (!found || found.others.length === 0) return null;
  const bodies = new Set([found.kept?.sha256, ...found.others.map((o) => o.sha256)]).size;
  return (
    <div className="conflict-note" role="note" data-testid="conflict-note">
      <strong>Delivered with {bodies} different bodies.</strong> {CONFLICT_MEANING}{' '}
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Compare them side by side
      </button>
      {open && <Compare conflicts={found} onClose={() => setOpen(false)} />}
    </div>
  );
}
