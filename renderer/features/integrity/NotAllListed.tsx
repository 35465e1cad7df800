import { count } from '../../components/numbers.ts';

/** Where a run's trails or gaps past those it carries are: it carries the first RUN_LISTED. */
export function NotAllListed({ what, listed, total }: { what: 'trails' | 'gaps'; listed: number; total: number }) {
  if (total <= listed) return null;
  return (
    <p className="muted" data-testid={`${what}-not-all-listed`}>
      The run has {count(total)} {what}: the first {count(listed)} can be listed here.{' '}
      <code>trailscope verify --json</code> and the <code>integrity_{what}</code> table hold them all.
    </p>
  );
}
