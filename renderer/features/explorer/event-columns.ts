import type { EventRow } from '../../../shared/model/explore.ts';
import { shortSource } from './short-source.ts';

/** Columns of the event list the analyst can show, hide and resize; the time comes first, always. */
export type ColumnId =
  | 'event'
  | 'principal'
  | 'source_ip'
  | 'error_code'
  | 'aws_region'
  | 'recipient_account_id'
  | 'access_key_id'
  | 'user_agent';

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** Pixels that show the usual values whole: an assumed role's ARN, an IPv4 address, an access key, a 28-letter error code. */
  width: number;
  mono: boolean;
  text: (row: EventRow) => string | null;
}

const field = (name: keyof EventRow) => (row: EventRow) => row[name] as string | null;

export const eventColumns: readonly ColumnDef[] = [
  {
    id: 'event',
    label: 'Event',
    width: 235,
    mono: false,
    text: (row) => `${shortSource(row.event_source) ?? ''}:${row.event_name ?? ''}`,
  },
  { id: 'principal', label: 'Principal', width: 390, mono: false, text: field('principal') },
  { id: 'source_ip', label: 'Source IP', width: 125, mono: true, text: field('source_ip') },
  { id: 'error_code', label: 'Error', width: 190, mono: false, text: field('error_code') },
  { id: 'aws_region', label: 'Region', width: 105, mono: false, text: field('aws_region') },
  { id: 'recipient_account_id', label: 'Account', width: 105, mono: true, text: field('recipient_account_id') },
  { id: 'access_key_id', label: 'Access key', width: 165, mono: true, text: field('access_key_id') },
  { id: 'user_agent', label: 'User agent', width: 280, mono: false, text: field('user_agent') },
];

export const columnDef = (id: ColumnId) => eventColumns.find((c) => c.id === id)!;

/** A column shown, at the width the analyst gave it. */
export interface ShownColumn {
  id: ColumnId;
  width: number;
}

export const defaultColumns: ShownColumn[] = eventColumns.map(({ id, width }) => ({ id, width }));

export const MIN_WIDTH = 48;
export const MAX_WIDTH = 1200;
/** The bookmark star's column, then the time's: `2026-11-02 02:16:40` in monospace. */
const LEAD_COLUMNS = ['1.4rem', '155px'];

/** Shows a hidden column where it belongs among the others, or hides a shown one. */
export function toggleColumn(columns: readonly ShownColumn[], id: ColumnId): ShownColumn[] {
  if (columns.some((c) => c.id === id)) return columns.filter((c) => c.id !== id);
  const order = eventColumns.map((c) => c.id);
  return [...columns, { id, width: columnDef(id).width }].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

export function resizeColumn(columns: readonly ShownColumn[], id: ColumnId, width: number): ShownColumn[] {
  const bounded = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
  return columns.map((c) => (c.id === id ? { ...c, width: bounded } : c));
}

/**
 * The rows' grid: the lead columns, then each shown one at its width; the last one also takes
 * whatever room is left, so the rows fill the list.
 */
export function gridColumns(columns: readonly ShownColumn[]): { template: string; minWidth: string } {
  const widths = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`));
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  return {
    template: [...LEAD_COLUMNS, ...widths].join(' '),
    minWidth: `calc(1.4rem + 155px + ${total}px + 0.5rem)`,
  };
}
