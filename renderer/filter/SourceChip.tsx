import { visibleText } from '../../shared/visible-text.ts';
import { useApi } from '../api/use-api.ts';
import { middleClip } from '../components/middle-clip.ts';
import { plural } from '../components/numbers.ts';

// A CloudTrail log file's name is about 80 characters; the whole path is in the title.
const NAME_CHARS = 96;

/** A source's file name (its archive member's, for a member): what the analyst pivoted from. */
const fileName = (path: string, member: string | null) => visibleText((member ?? path).split(/[\\/]/).pop() ?? path);

/** "From 1 file: …": the events of the files a pivot named, removable like any other choice. */
export function SourceChip({ sourceIds, onRemove }: { sourceIds: number[]; onRemove: () => void }) {
  const { data: sources } = useApi('case:list-sources', { source_ids: sourceIds, limit: sourceIds.length });
  const names = sources?.map((s) => fileName(s.path, s.member)) ?? sourceIds.map((id) => `source ${id}`);
  const whole =
    sources?.map((s) => visibleText(s.member ? `${s.path}!/${s.member}` : s.path)).join('\n') ?? names.join('\n');
  return (
    <li className="chip source-chip" title={whole} data-testid="source-chip">
      <span className="muted">from {plural(sourceIds.length, 'file', 'files')}:</span>{' '}
      {middleClip(names.join(', '), NAME_CHARS)}
      <button
        type="button"
        className="link"
        aria-label={`Remove filter: events from ${plural(sourceIds.length, 'file', 'files')}`}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}
