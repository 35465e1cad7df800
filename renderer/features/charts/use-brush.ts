import { type PointerEvent, useCallback, useRef, useState } from 'react';
import type { Volume } from '../../../shared/model/explore.ts';
import { barAt, barsRange } from './plot-geometry.ts';

/** The bars dragged across so far, first pressed and last reached, as indexes into the chart's buckets. */
export interface Drag {
  from: number;
  to: number;
}

interface Pressed extends Drag {
  /** The chart the drag began on: an answer arriving mid-drag must not change what the indexes mean. */
  volume: Volume;
}

const barUnder = (event: PointerEvent<HTMLElement>, bars: number) => {
  const box = event.currentTarget.getBoundingClientRect();
  return barAt(event.clientX, box.left, box.width, bars);
};

/**
 * Dragging across the chart to choose a time range. The pointer is captured when pressed, so
 * the drag goes on, and ends, wherever the pointer goes: a drag that ends in a margin or past
 * the chart takes the bar at the plot's nearer edge, whole.
 */
export function useBrush(volume: Volume | null, onRange: (from: string, to: string) => void) {
  const [drag, setDrag] = useState<Drag | null>(null);
  const pressed = useRef<Pressed | null>(null);

  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      if (event.button !== 0 || !volume || volume.buckets.length === 0) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      const at = barUnder(event, volume.buckets.length);
      pressed.current = { volume, from: at, to: at };
      setDrag({ from: at, to: at });
    },
    [volume],
  );
  const onPointerMove = useCallback((event: PointerEvent<HTMLElement>) => {
    const current = pressed.current;
    if (!current) return;
    const at = barUnder(event, current.volume.buckets.length);
    if (at === current.to) return;
    pressed.current = { ...current, to: at };
    setDrag({ from: current.from, to: at });
  }, []);
  const onPointerUp = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      const current = pressed.current;
      if (!current) return;
      pressed.current = null;
      setDrag(null);
      const range = barsRange(current.volume, current.from, barUnder(event, current.volume.buckets.length));
      if (range) onRange(range.from, range.to);
    },
    [onRange],
  );
  const onPointerCancel = useCallback(() => {
    pressed.current = null;
    setDrag(null);
  }, []);

  return { drag, handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel } };
}
