/** The kinds of failure a user can act on; every error that crosses a boundary carries one. */
export type ErrorKind =
  | 'usage'
  | 'not-found'
  | 'not-a-case'
  | 'no-case'
  | 'invalid-input'
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
