import { Fragment } from 'react';
import { visibleText } from '../../../shared/visible-text.ts';
import { ClippedText } from '../../components/ClippedText.tsx';

/** Longer values show their start, the rest one click away (ClippedText). */
const SHOWN_CHARS = 120;
/** After these an identifier may go on to the next line: `arn:aws:iam::111122223333:` / `user/dana`. */
const BREAKS_AFTER = /(?<=[/:.,=&@])/;

/**
 * A field's value in the record panel, whole, on as many lines as its box needs: broken after
 * its separators rather than inside a name or a number, so an ARN or a host name reads as one.
 * The break points are <wbr>, no text: a copy gives the value as it is.
 */
export function RecordValue({ text }: { text: string }) {
  const shown = visibleText(text);
  if (shown.length > SHOWN_CHARS) return <ClippedText text={text} max={SHOWN_CHARS} />;
  const parts = shown.split(BREAKS_AFTER);
  return (
    <span className="record-value">
      {parts.map((part, i) => (
        // The parts are the value's own pieces in order: their place is their identity.
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
