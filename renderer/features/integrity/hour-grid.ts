import { NO_FILE_CODE, type TrailHours } from '../../../shared/model/integrity.ts';
import { localOffsetLabel, type Zone } from '../../components/time-zone.ts';
import { codeRank } from './status-look.ts';

const HOUR_MS = 3_600_000;

export interface HourCell {
  /** Column: the day, in the analyst's zone. */
  day: number;
  /** Row: the hour of that day, 0–23. */
  row: number;
  /** The trail's hours drawn here (indexes into the answer): two when a clock goes back. */
  indexes: number[];
  /** The worst of their codes. */
  code: string;
  files: number;
  problems: number;
  /** Whether any of them lies in a gap of the chain. */
  gap: boolean;
}

export interface HourGrid {
  /** Each day's date, `YYYY-MM-DD` in the zone, in order. */
  days: string[];
  cells: HourCell[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment's date and hour in the zone chosen: UTC, or this machine's local time. */
function clock(ms: number, zone: Zone): { date: string; hour: number; minute: number } {
  const d = new Date(ms);
  return zone === 'utc'
    ? { date: d.toISOString().slice(0, 10), hour: d.getUTCHours(), minute: d.getUTCMinutes() }
    : {
        date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
        hour: d.getHours(),
        minute: d.getMinutes(),
      };
}

/**
 * A trail's hours laid out as days × 24 hours in the analyst's zone: a column per day, a row
 * per hour of the day. Where a clock goes back, the repeated hour shares its cell, which
 * shows the worse; where it goes forward, the skipped hour has no cell. In zones a half hour
 * off UTC, each hour sits in the row of the local hour it starts in.
 */
export function hourGrid(hours: TrailHours, zone: Zone): HourGrid {
  if (hours.from === null) return { days: [], cells: [] };
  const start = Date.parse(hours.from);
  const inGap = new Array<boolean>(hours.statuses.length).fill(false);
  for (const [from, to] of hours.gaps) for (let i = from; i < to; i++) inGap[i] = true;
  const days: string[] = [];
  const cells = new Map<string, HourCell>();
  for (let i = 0; i < hours.statuses.length; i++) {
    const { date, hour } = clock(start + i * HOUR_MS, zone);
    if (days[days.length - 1] !== date) days.push(date);
    const day = days.length - 1;
    const code = hours.statuses[i] ?? NO_FILE_CODE;
    const key = `${day}:${hour}`;
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, {
        day,
        row: hour,
        indexes: [i],
        code,
        files: hours.files[i] ?? 0,
        problems: hours.problems[i] ?? 0,
        gap: inGap[i]!,
      });
      continue;
    }
    cell.indexes.push(i);
    if (codeRank(code) > codeRank(cell.code)) cell.code = code;
    cell.files += hours.files[i] ?? 0;
    cell.problems += hours.problems[i] ?? 0;
    cell.gap ||= inGap[i]!;
  }
  return { days, cells: [...cells.values()] };
}

/** One hour of the answer as the analyst reads it: `2026-11-02 02:00–03:00 UTC`. */
export function hourText(hours: TrailHours, index: number, zone: Zone): string {
  const from = Date.parse(hours.from ?? '') + index * HOUR_MS;
  const a = clock(from, zone);
  const b = clock(from + HOUR_MS, zone);
  const zoneText = zone === 'utc' ? 'UTC' : localOffsetLabel(new Date(from));
  return `${a.date} ${pad(a.hour)}:${pad(a.minute)}–${pad(b.hour)}:${pad(b.minute)} ${zoneText}`;
}
