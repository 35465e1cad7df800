import { count } from './numbers.ts';

/**
 * The button beside a list drawn a part at a time: a forged log can make a list tens of
 * thousands long, more than a page draws in seconds. It draws `step` more of the `hidden`.
 */
export function ShowMore({
  hidden,
  step,
  what,
  onShow,
}: {
  hidden: number;
  step: number;
  what: string;
  onShow: () => void;
}) {
  if (hidden <= 0) return null;
  return (
    <button type="button" className="secondary" onClick={onShow}>
      {hidden <= step
        ? `Show the other ${count(hidden)} ${what}`
        : `Show ${count(step)} more of ${count(hidden)} ${what}`}
    </button>
  );
}
