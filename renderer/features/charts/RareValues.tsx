import type { ExploreFilter, StackDimension, Volume } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { clipApart } from '../../components/clip-apart.ts';
import { count } from '../../components/numbers.ts';
import { fieldLabel, NO_VALUE } from '../../filter/field-label.ts';
import { isChosen, toggleValue } from '../../filter/filter-edits.ts';

const RARE_CHARS = 40;

interface RareValuesProps {
  volume: Volume;
  filter: ExploreFilter;
  stackBy: StackDimension;
  onToggle: (dimension: StackDimension, value: string | null) => void;
  onPin: (value: string | null) => void;
}

/**
 * The rarest values of the stacked dimension that the chart sums into "other": the one
 * StopLogging among thousands of reads. Each can be pinned (a series of its own), chosen in
 * the filter, or opened in the explorer.
 */
export function RareValues({ volume, filter, stackBy, onToggle, onPin }: RareValuesProps) {
  const navigation = useNavigation();
  const rare = volume.rare ?? [];
  const what = `Rare ${fieldLabel(stackBy).toLowerCase()}s`;
  const labels = rare.map((r) => (r.value === null ? NO_VALUE : visibleText(r.value)));
  const shown = clipApart(labels, RARE_CHARS);
  return (
    <aside className="rare-values" aria-label={what} data-testid="rare-values">
      <h4>{what}</h4>
      {rare.length === 0 ? (
        <p className="muted small">Every value has a series of its own.</p>
      ) : (
        <ol>
          {rare.map((r, i) => (
            <li key={i}>
              <button
                type="button"
                className="rare-value link"
                title={`Filter on ${labels[i]}`}
                onClick={() => onToggle(stackBy, r.value)}
              >
                {shown[i]}
              </button>
              <span className="rare-count">{count(r.count)}</span>
              <button
                type="button"
                className="pin-button"
                aria-label={`Pin ${labels[i]}`}
                onClick={() => onPin(r.value)}
              >
                pin
              </button>
              <button
                type="button"
                className="pin-button"
                aria-label={`Events with ${labels[i]}`}
                title={`Open the explorer on these events with ${labels[i]}`}
                onClick={() =>
                  navigation.explore(
                    isChosen(filter, stackBy, r.value) ? filter : toggleValue(filter, stackBy, r.value),
                  )
                }
              >
                events
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
