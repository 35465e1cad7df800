/** The kinds of failure a user can act on; every error that crosses a boundary carries one. */
export type ErrorKind =
  | 'usage'
  | 'not-found'
  | 'not-a-case'
  | 'no-case'
  | 'invalid-input'
  /** Sound input, more than this process can hold at once; the message says how to split it. */
  | 'too-large'
  | 'read-only'
  | 'query'
  | 'cancelled'
  | 'internal';

export class TrailscopeError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TrailscopeError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
