import { useCallback } from 'react';
import type { BucketSeconds, FieldValues, StackDimension } from '../../../shared/model/explore.ts';
import { MAX_PINNED } from '../../../shared/model/explore.ts';
import { useViewState } from '../../app/view-state.tsx';

type Pins = Partial<Record<StackDimension, FieldValues>>;

export interface ChartState {
  stackBy: StackDimension;
  setStackBy: (dimension: StackDimension) => void;
  /** The values pinned on the dimension stacked by, in the order they were pinned. */
  pinned: FieldValues;
  togglePin: (value: string | null) => void;
  /** The finest bucket the analyst chose; null lets the chart's width decide alone. */
  bucket: BucketSeconds | null;
  setBucket: (bucket: BucketSeconds | null) => void;
}

/**
 * How the volume charts are drawn, kept in the view store: the explorer's chart and the
 * Charts view's are one chart at two sizes, and both come back as the analyst left them.
 * Pins are kept per dimension, so stacking by another and back finds them again.
 */
export function useChartState(): ChartState {
  const [stackBy, setStackBy] = useViewState<StackDimension>('charts.stackBy', 'event_name');
  const [pins, setPins] = useViewState<Pins>('charts.pins', {});
  const [bucket, setBucket] = useViewState<BucketSeconds | null>('charts.bucket', null);
  const pinned = pins[stackBy] ?? [];
  const togglePin = useCallback(
    (value: string | null) =>
      setPins((old) => {
        const current = old[stackBy] ?? [];
        const next = current.includes(value)
          ? current.filter((v) => v !== value)
          : [...current, value].slice(-MAX_PINNED);
        return { ...old, [stackBy]: next };
      }),
    [setPins, stackBy],
  );
  return { stackBy, setStackBy, pinned, togglePin, bucket, setBucket };
}
