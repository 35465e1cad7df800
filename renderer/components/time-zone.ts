import { createContext, useContext } from 'react';

export type Zone = 'utc' | 'local';

/** UTC unless the analyst asks for local time; every listed time says which it is. */
export const ZoneContext = createContext<Zone>('utc');

const pad = (n: number) => String(n).padStart(2, '0');

export function localOffsetLabel(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * A stored time (ISO, or DuckDB's `2024-01-01 10:00:00+00`) as the analyst chose to see it,
 * with its zone. Text that is not a time is returned as it is.
 */
export function formatTime(value: string, zone: Zone): string {
  const date = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) return value;
  if (zone === 'utc') return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${local} ${localOffsetLabel(date)}`;
}

export function useTimeFormat(): (value: string) => string {
  const zone = useContext(ZoneContext);
  return (value) => formatTime(value, zone);
}
