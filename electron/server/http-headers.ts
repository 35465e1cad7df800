/**
 * The same policy the page carries in its meta tag: nothing but this origin, no inline script.
 * Inline styles are allowed because the SQL editor (CodeMirror) writes its styles into a
 * <style> element; log text is only ever rendered as text, so no style can come from it.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Sent with every response: no sniffing, no referrer, no framing, no caching of case data. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
