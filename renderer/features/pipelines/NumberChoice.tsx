import { useState } from 'react';

/**
 * Past this many choices a list of them is not drawn: a forged history can hold 50,000
 * versions, and the two lists of the comparison took 3 s to draw in Chromium. The number is
 * typed instead.
 */
const MAX_LISTED = 1000;

interface NumberChoiceProps {
  /** Names the control where no label around it does. */
  label?: string;
  /** The first, disabled entry of the list while nothing is chosen; the typed field's hint. */
  placeholder?: string;
  /** What the numbers number, for the typed field's complaint: `version`, `lineage`. */
  what: string;
  numbers: number[];
  value: number | null;
  /** A number as the list shows it. */
  text: (n: number) => string;
  onChoose: (n: number) => void;
}

/** One of some numbers (a version, a lineage): from a list, or typed when they are too many to list. */
export function NumberChoice(props: NumberChoiceProps) {
  const { label, placeholder, numbers, value, text, onChoose } = props;
  if (numbers.length > MAX_LISTED) return <TypedNumber key={value ?? ''} {...props} />;
  return (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChoose(Number(e.target.value))}>
      {placeholder !== undefined && (
        <option value="" disabled>
          {placeholder}
        </option>
      )}
      {numbers.map((n) => (
        <option key={n} value={n}>
          {text(n)}
        </option>
      ))}
    </select>
  );
}

/** Chosen on Enter or on leaving the field, and only a number that is one of them: each keystroke is not a choice. */
function TypedNumber({ label, placeholder, what, numbers, value, onChoose }: NumberChoiceProps) {
  const [typed, setTyped] = useState(value === null ? '' : String(value));
  const known = typed === '' || numbers.includes(Number(typed));
  const choose = () => {
    if (typed !== '' && known && Number(typed) !== value) onChoose(Number(typed));
  };
  return (
    <input
      type="number"
      aria-label={label}
      placeholder={placeholder}
      value={typed}
      aria-invalid={!known}
      title={known ? undefined : `No ${what} ${typed} in these logs`}
      onChange={(e) => setTyped(e.target.value)}
      onBlur={choose}
      onKeyDown={(e) => {
        if (e.key === 'Enter') choose();
      }}
    />
  );
}
