/**
 * One string per distinct request: object keys in sorted order, so params rebuilt on every
 * render with the same values ask nothing again. Undefined members are dropped, as JSON does.
 */
export function requestKey(name: string, params: unknown): string {
  return `${name} ${JSON.stringify(params, (_key, value: unknown) => (isPlainObject(value) ? sortedCopy(value) : value))}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function sortedCopy(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, value[key]]),
  );
}
