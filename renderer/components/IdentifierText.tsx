import type { ClipboardEvent } from 'react';
import { visibleText } from '../../shared/visible-text.ts';
import { middleClip } from './middle-clip.ts';

interface IdentifierTextProps {
  /** The whole value, as the case holds it. */
  value: string;
  /** What to show instead, when a caller cut it (clipApart, say); by default `max` characters cut in the middle. */
  shown?: string;
  max?: number;
  className?: string;
}

/**
 * An identifier from the logs (an ARN, an access key, a file path) cut to fit, if at all, so
 * that what differs stays visible: whole on hover, and whole when copied, so a pasted value
 * finds what it names. Invisible characters are shown as their codes, never rendered.
 */
export function IdentifierText({ value, shown, max = 64, className }: IdentifierTextProps) {
  const visible = visibleText(value);
  const text = shown ?? middleClip(visible, max);
  const copyWhole = (event: ClipboardEvent<HTMLSpanElement>) => {
    const selection = document.getSelection();
    const inside = (node: Node | null | undefined) => node != null && event.currentTarget.contains(node);
    if (text === value || !selection || !inside(selection.anchorNode) || !inside(selection.focusNode)) return;
    event.clipboardData.setData('text/plain', value);
    event.preventDefault();
  };
  return (
    <span className={`identifier ${className ?? ''}`} title={visible} onCopy={copyWhole}>
      {text}
    </span>
  );
}
