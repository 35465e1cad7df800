/**
 * Two deliveries of one event, each the attacker's own text: markup, escaped control
 * characters, a raw bidirectional override, a raw C1 control and a line separator, in values
 * and in a member name, and a file name that is markup. The core keeps them byte for byte
 * (ingest-conflicts.test.ts); the page shows them as text (test/renderer/conflict-bodies.test.tsx).
 */
export const HOSTILE_KEY = 'hostile-1@111122223333';
export const RLO = '\u202e';
export const C1 = '\u0085';
export const LS = '\u2028';

const body = (userAgent: string, extra = '') =>
  `{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"hostile-1","recipientAccountId":"111122223333","userAgent":"${userAgent}"${extra}}`;

export const STORED_BODY = body('<img src=x onerror=alert(1)>');
export const OTHER_BODY = body(
  `<script>alert(2)</script>\\u001b[31mred\\u0000${RLO}gnp.exe${C1}${LS}`,
  `,"<b>member</b>":"<iframe src=javascript:alert(3)>"`,
);
/** Read after the stored one: '<' sorts after '0'. */
export const FIRST_FILE = '0-first.json';
export const HOSTILE_FILE = '<img src=x onerror=alert(4)>.json';
