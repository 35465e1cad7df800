import { useEffect, useRef } from 'react';
import type { JsonValue } from '../../shared/model/json.ts';
import { visibleText } from '../../shared/visible-text.ts';

/**
 * One value whole, in a dialog: JSON (or text that is JSON) pretty-printed, anything else as
 * it is. Always text: the value may be an attacker's string, its invisible characters shown as
 * their codes; Copy takes it as it is.
 */
export function ValueViewer({ title, value, onClose }: { title: string; value: JsonValue; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const text = pretty(value);
  return (
    <dialog ref={dialog} className="value-viewer" aria-label={title} onClose={onClose}>
      <header>
        <h3>{title}</h3>
        <span className="muted small">{text.length.toLocaleString('en-US')} characters</span>
        <button type="button" className="secondary" onClick={() => void navigator.clipboard.writeText(text)}>
          Copy
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      <pre>{visibleText(text)}</pre>
    </dialog>
  );
}

function pretty(value: JsonValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return String(value);
}
