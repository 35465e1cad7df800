import { CaseStore } from '../electron/core/case/case-store.ts';
import { eventsPage } from '../electron/core/explore/events-page.ts';
import { facets } from '../electron/core/explore/facets.ts';
import { heatmap } from '../electron/core/explore/heatmap.ts';
import { topValues } from '../electron/core/explore/top-values.ts';
import { volume } from '../electron/core/explore/volume.ts';
import { sideCaseFor } from '../electron/core/lake/open-lake.ts';
import { standardQueries } from './standard-queries.ts';

export interface LakeTiming {
  request: string;
  caseMs: number;
  lakeMs: number;
  /** lake / case, from the two medians of the same run. */
  ratio: number;
}

/** A bucket the generator names in request_parameters (bench/standard-queries.ts looks it up too). */
const SEARCHED = 'bucket-42';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Opening each, the explorer's standard requests (the first page, a deep page, facets, the volume
 * chart and the heatmap of the whole case and under a filter, a ranking, one account and day) and
 * the standard console queries, timed on the case and on its lake, taking turns (case, lake, case,
 * lake…) so that the machine's drift falls on both.
 */
export async function lakeVsCase(caseFile: string, lakeDir: string, runs: number): Promise<LakeTiming[]> {
  const openCase = () => CaseStore.open(caseFile);
  const openLake = () => CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
  const opens = await openings(openCase, openLake, runs);
  const onCase = await openCase();
  const onLake = await openLake();
  try {
    const day = await onCase.read((db) =>
      db.row<{ account: string; day: string }>(
        `SELECT recipient_account_id AS account, strftime(event_time, '%Y-%m-%d') AS day FROM events
           WHERE recipient_account_id IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1`,
      ),
    );
    const total = await onCase.read((db) => db.number('SELECT count(*) FROM events'));
    const name = await onCase.read((db) => db.value('SELECT mode(event_name) FROM events'));
    const oneName = { fields: { event_name: [String(name)] } };
    const requests: { name: string; run: (store: CaseStore) => Promise<unknown> }[] = [
      { name: 'explorer: first page', run: (store) => eventsPage(store, {}, 0, 200) },
      { name: 'explorer: page at the middle', run: (store) => eventsPage(store, {}, Math.floor(total / 2), 200) },
      { name: 'explorer: facets', run: (store) => facets(store, {}, 10) },
      // A search reads every record; a bucket of the generator's, and an event name no event has.
      { name: 'explorer: search, first page', run: (store) => eventsPage(store, { text: SEARCHED }, 0, 200) },
      { name: 'explorer: search, facets', run: (store) => facets(store, { text: SEARCHED }, 10) },
      { name: 'explorer: search, no match', run: (store) => eventsPage(store, { text: 'stoplogging' }, 0, 200) },
      { name: 'charts: volume by principal', run: (store) => volume(store, {}, 'principal') },
      { name: 'charts: heatmap', run: (store) => heatmap(store, {}) },
      // The whole case's charts come from its summary; under a filter they are counted.
      { name: 'charts: volume, one event name', run: (store) => volume(store, oneName, 'principal') },
      { name: 'charts: heatmap, one event name', run: (store) => heatmap(store, oneName) },
      {
        name: 'explorer: rank source IPs',
        run: (store) => topValues(store, {}, { dimension: 'source_ip', limit: 10 }),
      },
      ...standardQueries.map((query) => ({
        name: `query: ${query.name}`,
        run: (store: CaseStore) => store.read((db) => db.rows(query.sql)),
      })),
    ];
    if (day) {
      const sql = `SELECT event_name, count(*) FROM events WHERE recipient_account_id = '${day.account}'
        AND event_time >= TIMESTAMPTZ '${day.day} 00:00:00+00' AND event_time < TIMESTAMPTZ '${day.day} 00:00:00+00' + INTERVAL 1 DAY
        GROUP BY ALL`;
      requests.push({ name: 'query: one account and day', run: (store) => store.read((db) => db.rows(sql)) });
    }
    const timings: LakeTiming[] = [...opens];
    for (const request of requests) {
      const times = { case: [] as number[], lake: [] as number[] };
      for (let run = 0; run < runs + 1; run++) {
        for (const [side, store] of [
          ['case', onCase],
          ['lake', onLake],
        ] as const) {
          const t = performance.now();
          await request.run(store);
          if (run > 0) times[side].push(performance.now() - t);
        }
      }
      timings.push(timing(request.name, median(times.case), median(times.lake)));
    }
    return timings;
  } finally {
    onCase.close();
    onLake.close();
  }
}

const timing = (request: string, caseMs: number, lakeMs: number): LakeTiming => ({
  request,
  caseMs: Number(caseMs.toFixed(1)),
  lakeMs: Number(lakeMs.toFixed(1)),
  ratio: Number((lakeMs / caseMs).toFixed(2)),
});

/**
 * Opening each, to its first request: the lake's first open (its side case made, and its summary
 * taken from the lake's summary.json, which the export counted) against the case's, then later
 * opens, taking turns.
 */
async function openings(
  openCase: () => Promise<CaseStore>,
  openLake: () => Promise<CaseStore>,
  runs: number,
): Promise<LakeTiming[]> {
  const opened = async (open: () => Promise<CaseStore>) => {
    const t = performance.now();
    (await open()).close();
    return performance.now() - t;
  };
  const first = { lake: await opened(openLake), case: await opened(openCase) };
  const times = { case: [] as number[], lake: [] as number[] };
  for (let run = 0; run < runs; run++) {
    times.case.push(await opened(openCase));
    times.lake.push(await opened(openLake));
  }
  return [
    timing("open: the lake's first (side case made)", first.case, first.lake),
    timing('open: again', median(times.case), median(times.lake)),
  ];
}
