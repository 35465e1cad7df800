import { visibleText } from '../../shared/visible-text.ts';

/** Characters the end keeps at most when the value is cut: an ARN's role and session, an IP's last octets. */
const TAIL_CHARS = 28;
const ARN_HEAD = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;

const HOST_NAME = /^(?=.*[a-z])[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * Where the part that must stay visible starts: an ARN's resource path after its type
 * (`/ci-runner/build` of `assumed-role/ci-runner/build`, what tells roles and sessions apart),
 * or its whole resource; what follows a value's last colon (an event name after its service, a
 * session after a role id); nothing of a host name (`codepipeline.amazonaws.com` differs at its
 * start, so it is cut at its end); else the value's last part.
 */
function tailStart(text: string): number {
  const arn = ARN_HEAD.exec(text);
  if (arn) {
    const slash = text.indexOf('/', arn[0].length);
    const start = slash === -1 ? arn[0].length : slash;
    if (text.length - start <= TAIL_CHARS) return start;
  }
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.length - colon <= TAIL_CHARS) return colon;
  if (HOST_NAME.test(text)) return text.length;
  const cut = text.length - Math.min(TAIL_CHARS, Math.ceil(text.length * 0.4));
  // Never between the two halves of a surrogate pair (an emoji in a user agent).
  return /[\udc00-\udfff]/.test(text.charAt(cut)) ? cut - 1 : cut;
}

/**
 * A value from the logs that shows whole when its box has room and otherwise loses its middle,
 * never its end: ARNs share long beginnings and differ at their ends, and so do IPs. The browser
 * cuts the head with an ellipsis at whatever width the box has (a resized column, a narrow
 * window). What is drawn are two generated pieces; the value itself is one transparent text
 * laid over them, so that a selection copies it whole, a screen reader reads it once, and the
 * title shows it.
 */
export function MiddleFit({ text, className = '' }: { text: string; className?: string }) {
  const shown = visibleText(text);
  const cut = tailStart(shown);
  return (
    <span className={`middle-fit ${className}`} title={shown}>
      <span className="middle-fit-head" data-text={shown.slice(0, cut)} aria-hidden="true" />
      <span className="middle-fit-tail" data-text={shown.slice(cut)} aria-hidden="true" />
      <span className="middle-fit-whole">{shown}</span>
    </span>
  );
}
