/**
 * Text cut to `max` characters by taking out its middle. ARNs share long beginnings
 * (`arn:aws:sts::111122223333:assumed-role/…`) and differ at their ends, so cutting the end
 * would make different principals look alike.
 */
export function middleClip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 3);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
