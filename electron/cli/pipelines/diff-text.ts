import type { JsonValue, PipelineDiff } from '../../../shared/model/pipeline.ts';

const MAX_VALUE = 400;

function show(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE
    ? `${text.slice(0, MAX_VALUE)}… (${text.length - MAX_VALUE} more characters; --json has all)`
    : text;
}

/**
 * A diff as lines a person reads top to bottom: security-relevant changes first, marked
 * with "!", each with its reason. Plain text: the caller escapes it for its medium.
 */
export function diffText(diff: PipelineDiff): string {
  const security = diff.changes.filter((c) => c.security);
  const lines = [
    `${diff.name} (account ${diff.account}, ${diff.region}), lineage ${diff.lineage}: version ${diff.from_version} → version ${diff.to_version}`,
    `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}, ${security.length} security-relevant`,
    ...diff.caveats.map((c) => `caveat: ${c}`),
    '',
  ];
  const ordered = [...security, ...diff.changes.filter((c) => !c.security)];
  for (const change of ordered) {
    const mark = change.security ? '!' : ' ';
    const head = `${mark} ${change.kind.padEnd(9)} ${change.path}`;
    if (
      change.kind === 'changed' ||
      change.kind === 'renamed' ||
      change.kind === 'moved' ||
      change.kind === 'reordered'
    ) {
      lines.push(`${head}: ${show(change.before)} → ${show(change.after)}`);
    } else {
      lines.push(`${head}: ${show(change.kind === 'added' ? change.after : change.before)}`);
    }
    if (change.reason) lines.push(`            why: ${change.reason}`);
  }
  if (diff.changes.length === 0) lines.push('  no semantic change: the two declarations are the same pipeline');
  return `${lines.join('\n')}\n`;
}
