import { type KeyboardEvent, type MouseEvent, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  type IntegrityStatus,
  type IntegrityTrail,
  MAX_STRIP_HOURS,
  type TrailHours,
} from '../../../shared/model/integrity.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { count, plural } from '../../components/numbers.ts';
import { useTimeFormat, type Zone, ZoneContext } from '../../components/time-zone.ts';
import { type HourCell, hourGrid, hourText } from './hour-grid.ts';
import { codeStatus, RANKED_STATUSES, STATUS_LOOK } from './status-look.ts';

const CELL_H = 10;
const LEFT = 30;
const TOP = 16;
const HOUR_MS = 3_600_000;
const TIP_WIDTH = 250;

/**
 * Days share the width there is: wide cells for a few weeks, 3 px for a year (which scrolls only in a narrow window).
 */
const cellWidth = (days: number, width: number) =>
  Math.max(3, Math.min(32, Math.floor((width - LEFT) / Math.max(days, 1))));

interface TrailStripProps {
  runId: number;
  trail: IntegrityTrail;
  /** Lists this trail's problems below. */
  onPick: (trail: string) => void;
}

/**
 * One trail's hours, a column per day and a row per hour, coloured by the worst verdict of the files placed on each.
 */
export function TrailStrip({ runId, trail, onPick }: TrailStripProps) {
  const time = useTimeFormat();
  const [from, setFrom] = useState<string | undefined>(undefined);
  const params = {
    run_id: runId,
    account: trail.account,
    region: trail.region,
    trail: trail.trail,
    home_region: trail.home_region,
    ...(from ? { from } : {}),
  };
  const { data: hours, error } = useApi('integrity:chart-hours', params, { keepPrevious: true });
  const name = visibleText(trail.trail);

  return (
    <section className="trail-strip" aria-label={`Trail ${name}, ${trail.region}`} data-testid="trail-strip">
      <h3>
        {name}{' '}
        <span className="muted small">
          account {trail.account} · {trail.region} · home region {trail.home_region}
          {trail.org_id ? ` · organization ${trail.org_id}` : ''}
        </span>
      </h3>
      <p className="muted small">
        {trail.from && trail.to ? `${time(trail.from)} to ${time(trail.to)}` : 'no readable hourly digest'} ·{' '}
        {plural(trail.digests, 'digest', 'digests')} · {plural(trail.gaps, 'gap', 'gaps')} ·{' '}
        {trail.starts_chain ? 'starts its chain' : 'its chain began before the oldest digest in the case'}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hours && <WindowNote hours={hours} onMove={setFrom} />}
      {hours && hours.statuses.length > 0 && <HourStrip hours={hours} onPick={() => onPick(trail.trail)} />}
    </section>
  );
}

/** A trail longer than a year is shown a year at a time, and says so. */
function WindowNote({ hours, onMove }: { hours: TrailHours; onMove: (from: string) => void }) {
  const time = useTimeFormat();
  if (hours.span_hours <= MAX_STRIP_HOURS || hours.from === null) return null;
  const start = Date.parse(hours.from);
  const shown = hours.statuses.length;
  const isoAt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return (
    <p className="small window-note" role="note">
      This trail spans {count(hours.span_hours)} hours; the strip shows {count(shown)} of them at a time, from{' '}
      {time(hours.from)}. The problems below list the whole run.{' '}
      <button
        type="button"
        className="link"
        disabled={hours.first_hour === 0}
        onClick={() => onMove(isoAt(start - MAX_STRIP_HOURS * HOUR_MS))}
      >
        Earlier year
      </button>{' '}
      <button
        type="button"
        className="link"
        disabled={hours.first_hour + shown >= hours.span_hours}
        onClick={() => onMove(isoAt(start + shown * HOUR_MS))}
      >
        Later year
      </button>
    </p>
  );
}

/** What one cell holds, in words: the tooltip, and what a screen reader hears. */
function cellText(hours: TrailHours, cell: HourCell, zone: Zone): string[] {
  const status = codeStatus(cell.code);
  return [
    cell.indexes.map((i) => hourText(hours, i, zone)).join(' and '),
    status === null
      ? 'no file placed on this hour'
      : `${status}: ${plural(cell.files, 'file', 'files')}, ${count(cell.problems)} not valid`,
    ...(cell.gap ? ['in a gap: no digest in the case covers this hour'] : []),
  ];
}

/** How a cell is drawn: a gap hatched (unless a file in it is invalid, which is worse), else by its worst status. */
function cellLook(cell: HourCell): IntegrityStatus | 'gap' | 'none' {
  const status = codeStatus(cell.code);
  if (cell.gap && status !== 'invalid') return 'gap';
  return status ?? 'none';
}

function HourStrip({ hours, onPick }: { hours: TrailHours; onPick: () => void }) {
  const zone = useContext(ZoneContext);
  const id = useId();
  const grid = useMemo(() => hourGrid(hours, zone), [hours, zone]);
  const byPlace = useMemo(() => new Map(grid.cells.map((c) => [`${c.day}:${c.row}`, c])), [grid]);
  const scroller = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(1100);
  const [pointed, setPointed] = useState<HourCell | null>(null);
  const [cursor, setCursor] = useState<HourCell | null>(null);
  const shown = pointed ?? cursor;
  const cw = cellWidth(grid.days.length, available);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setAvailable(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const width = LEFT + grid.days.length * cw;
  const height = TOP + 24 * CELL_H;
  const labelEvery = Math.ceil(44 / cw);
  const hatch = `${id}-hatch`;

  const cellAt = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const day = Math.floor((event.clientX - box.left - LEFT) / cw);
    const row = Math.floor((event.clientY - box.top - TOP) / CELL_H);
    return byPlace.get(`${day}:${row}`) ?? null;
  };
  const move = (event: KeyboardEvent<SVGSVGElement>) => {
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    if (event.key === 'Enter' && cursor) return onPick();
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    const from = cursor ?? grid.cells[0]!;
    // Skips a place with no hour (a clock going forward) in the direction of travel.
    for (let k = 1; k <= 24; k++) {
      const next = byPlace.get(`${from.day + step[0] * k}:${from.row + step[1] * k}`);
      if (next) return setCursor(next);
    }
  };
  const fill = (cell: HourCell) => {
    const look = cellLook(cell);
    return look === 'gap' ? `url(#${hatch})` : look === 'none' ? 'none' : STATUS_LOOK[look].color;
  };

  // Hours, not cells: where a clock goes back, one cell holds two.
  const hoursLooking = (look: ReturnType<typeof cellLook>) =>
    grid.cells.reduce((n, c) => n + (cellLook(c) === look ? c.indexes.length : 0), 0);
  const hoursBy = RANKED_STATUSES.map((s) => ({ status: s, hours: hoursLooking(s) }));
  const noFile = hoursLooking('none');
  const gapHours = hoursLooking('gap');
  const summary = `${plural(hours.statuses.length, 'hour', 'hours')}: ${hoursBy
    .filter((h) => h.hours > 0)
    .map((h) => `${count(h.hours)} ${h.status}`)
    .join(', ')}${gapHours ? `, ${count(gapHours)} in gaps` : ''}`;
  const tip = shown ? cellText(hours, shown, zone) : null;
  // Beside the hour, to its right unless that runs past the visible part of the strip.
  const tipLeft = (cell: HourCell) => {
    const right = LEFT + (cell.day + 1) * cw + 6;
    const visibleEnd = (scroller.current?.scrollLeft ?? 0) + (scroller.current?.clientWidth ?? Infinity);
    return right + TIP_WIDTH <= visibleEnd ? right : Math.max(0, LEFT + cell.day * cw - 6 - TIP_WIDTH);
  };

  return (
    <>
      <div className="strip-scroll" ref={scroller}>
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`Hours of the trail by worst verdict, a column per day: ${summary}. Arrow keys move from hour to hour.`}
          tabIndex={0}
          className="hour-strip"
          onMouseMove={(e) => setPointed(cellAt(e))}
          onMouseLeave={() => setPointed(null)}
          onClick={(e) => cellAt(e) && onPick()}
          onKeyDown={move}
          onFocus={() => setCursor((c) => c ?? grid.cells[0] ?? null)}
          onBlur={() => setCursor(null)}
        >
          <defs>
            <pattern id={hatch} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="4" height="4" fill={STATUS_LOOK.missing.color} fillOpacity="0.25" />
              <line x1="0" y1="0" x2="0" y2="4" stroke={STATUS_LOOK.missing.color} strokeWidth="2.5" />
            </pattern>
          </defs>
          {[0, 6, 12, 18].map((h) => (
            <text key={h} x={0} y={TOP + h * CELL_H + CELL_H} className="strip-label">
              {String(h).padStart(2, '0')}h
            </text>
          ))}
          {grid.days.map((day, d) =>
            // A label that would run past the strip's end is left out rather than cut.
            d % labelEvery === 0 && LEFT + d * cw + 32 <= width ? (
              <text key={day} x={LEFT + d * cw} y={10} className="strip-label">
                {day.slice(5)}
              </text>
            ) : null,
          )}
          {grid.cells.map((cell) => (
            <rect
              key={`${cell.day}:${cell.row}`}
              x={LEFT + cell.day * cw}
              y={TOP + cell.row * CELL_H}
              width={cw - 1}
              height={CELL_H - 1}
              fill={fill(cell)}
              className={cellLook(cell) === 'none' ? 'hour-empty' : undefined}
              data-status={cellLook(cell)}
            />
          ))}
          {shown && (
            <rect
              x={LEFT + shown.day * cw - 1}
              y={TOP + shown.row * CELL_H - 1}
              width={cw + 1}
              height={CELL_H + 1}
              className="hour-cursor"
            />
          )}
        </svg>
        {tip && shown && (
          <div
            className="strip-tooltip"
            aria-hidden="true"
            style={{ left: tipLeft(shown), top: Math.max(0, TOP + shown.row * CELL_H - 12), width: TIP_WIDTH }}
          >
            {tip.map((line) => (
              <div key={line}>{line}</div>
            ))}
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {cursor ? cellText(hours, cursor, zone).join('; ') : ''}
      </p>
      <ul className="legend strip-legend" aria-label="Legend">
        {hoursBy.map(({ status, hours: n }) => (
          <li key={status} title={STATUS_LOOK[status].meaning}>
            <span className="swatch" style={{ background: STATUS_LOOK[status].color }} /> {status}{' '}
            <span className="muted">{count(n)} h</span>
          </li>
        ))}
        <li title="an hour inside a gap of the chain: no digest in the case covers it">
          <svg width="11" height="11" aria-hidden="true">
            <rect width="11" height="11" fill={`url(#${hatch})`} />
          </svg>{' '}
          gap <span className="muted">{count(gapHours)} h</span>
        </li>
        {noFile > 0 && (
          <li title="an hour inside the trail's span that no file is placed on">
            <span className="swatch hour-empty-swatch" /> no file <span className="muted">{count(noFile)} h</span>
          </li>
        )}
        <li className="muted">
          {zone === 'utc' ? 'hours in UTC' : 'hours in local time'}; click an hour to list this trail’s problems
        </li>
      </ul>
    </>
  );
}
