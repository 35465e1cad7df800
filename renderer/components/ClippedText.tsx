import { useState } from 'react';
import { visibleText } from '../../shared/visible-text.ts';

/**
 * A value from the logs, as text, cut visibly at `max` characters with the rest one click
 * away. Log fields can be megabytes of attacker-chosen text; only the clip is laid out.
 */
export function ClippedText({ text, max = 160 }: { text: string; max?: number }) {
  const [whole, setWhole] = useState(false);
  const shown = visibleText(text);
  if (shown.length <= max) return <span className="clipped">{shown}</span>;
  return (
    <span className="clipped">
      {whole ? shown : `${shown.slice(0, max)}…`}{' '}
      <button type="button" className="link small" onClick={() => setWhole(!whole)}>
        {whole ? 'show less' : `show all ${shown.length.toLocaleString('en-US')} characters`}
      </button>
    </span>
  );
}
