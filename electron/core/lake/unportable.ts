/** A DuckDB construct with no faithful Trino rendering; its message is the reason a user reads. */
export class Unportable extends Error {}

export function unportable(reason: string): never {
  throw new Unportable(reason);
}
