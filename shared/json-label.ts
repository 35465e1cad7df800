/**
 * A value from a log as a label: the text a string holds, anything else as its JSON. A forged
 * record may give an object where a name belongs, and `String()` of one whose own `toString` is
 * not a function throws (it stopped the pipeline list, and would stop a view drawing it).
 */
export const labelOf = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
