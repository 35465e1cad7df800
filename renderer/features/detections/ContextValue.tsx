import type { ClipboardEvent } from 'react';
import type { JsonValue } from '../../../shared/model/json.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { contextText } from './context-text.ts';

// Values are attacker-chosen text of any length; ARNs and paths differ at their ends, so a
// cut takes out the middle and keeps the end in sight.
const VALUE_CHARS = 160;

/**
 * One value a rule returned, as text (never as markup), cut in the middle when long: the
 * whole value is in the tooltip, and copying the shown text copies the whole value.
 */
export function ContextValue({ value }: { value: JsonValue }) {
  const text = contextText(value);
  if (text === null) return <span className="muted">null</span>;
  const shown = middleClip(text, VALUE_CHARS);
  const copyWhole = (event: ClipboardEvent<HTMLElement>) => {
    const selection = window.getSelection();
    const inside =
      selection !== null &&
      !selection.isCollapsed &&
      event.currentTarget.contains(selection.anchorNode) &&
      event.currentTarget.contains(selection.focusNode);
    if (shown === text || !inside) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  };
  return (
    <span className="context-value" title={text} onCopy={copyWhole}>
      {shown}
    </span>
  );
}
