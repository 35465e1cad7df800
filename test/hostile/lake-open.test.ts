import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { LakeManifest } from '../../electron/core/lake/lake-layout.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { folderHashes } from '../helpers/evidence-hash.ts';
import { pipeAt } from '../helpers/pipe-feeder.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake opens with DuckDB allowed to read its folder, and its evidence tables are views over
 * read_parquet. Neither may become a way for console SQL to read other files, to write into the
 * lake, or for a crafted case file to open a folder of its choosing.
 */
const dir = tempDir();
const casePath = path.join(dir, 'case.duckdb');
const lakeDir = path.join(dir, 'lake');
const lake = new OpenCase(() => undefined, null);

let before: Record<string, string>;

beforeAll(async () => {
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  fs.writeFileSync(path.join(dir, 'secret.csv'), 'password\nhunter2\n');
  before = folderHashes(lakeDir);
  await lake.open(lakeDir);
});

afterAll(() => lake.close());

describe('console SQL on an open lake', () => {
  const parquet = `${lakeDir}/events/**/*.parquet`;
  it.each([
    `SELECT count(*) FROM read_parquet('${parquet}')`,
    `SELECT count(*) FROM parquet_scan('${parquet}')`,
    `SELECT count(*) FROM "READ_PARQUET"('${parquet}')`,
    `SELECT count(*) FROM Read_Parquet(['${parquet}'])`,
    `SELECT * FROM events, read_parquet('${parquet}') LIMIT 1`,
    `SELECT (SELECT count(*) FROM read_parquet('${parquet}'))`,
    `WITH x AS (SELECT * FROM read_parquet('${parquet}')) SELECT count(*) FROM x`,
    `SELECT * FROM parquet_metadata('${parquet}')`,
    `SELECT * FROM parquet_schema('${parquet}')`,
    `SELECT * FROM read_text('${lakeDir}/MANIFEST.json')`,
    `SELECT * FROM read_json('${lakeDir}/MANIFEST.json')`,
    `SELECT * FROM read_csv('${path.join(dir, 'secret.csv')}')`,
    `SELECT * FROM glob('${lakeDir}/**')`,
    `SELECT * FROM '${parquet}'`,
    `SELECT * FROM '${path.join(dir, 'secret.csv')}'`,
    `COPY (SELECT 1) TO '${lakeDir}/events/x.parquet'`,
    `COPY events TO '${lakeDir}/copy.parquet' (FORMAT parquet)`,
    `CREATE VIEW mine AS SELECT * FROM read_parquet('${parquet}')`,
    `DROP VIEW events`,
    `CREATE OR REPLACE VIEW events AS SELECT 1 AS event_key`,
    `ATTACH '${casePath}' AS other`,
    `INSTALL httpfs`,
  ])('refuses %s', async (sql) => {
    await expect(lake.request('query:fetch', { sql, limit: 10 })).rejects.toMatchObject({
      kind: expect.stringMatching(/^(read-only|query)$/),
    });
  });

  it('still reads the lake through its views', async () => {
    const result = await lake.request('query:fetch', { sql: 'SELECT count(*) AS n FROM events', limit: 1 });
    expect(Number(result.rows[0]![0])).toBe(413);
  });

  it('left every file of the lake as it was, and wrote none beside them', () => {
    expect(folderHashes(lakeDir)).toEqual(before);
  });
});

describe('the side case of a lake', () => {
  it('refuses a side case moved away from its lake: it may not open another folder to DuckDB', async () => {
    await lake.close();
    const elsewhere = path.join(dir, 'moved');
    fs.mkdirSync(elsewhere);
    const copy = path.join(elsewhere, path.basename(sideCaseFor(lakeDir)));
    fs.copyFileSync(sideCaseFor(lakeDir), copy);
    await expect(CaseStore.open(copy)).rejects.toThrow(/no lake is beside it/);
    await lake.open(lakeDir);
  });

  it('refuses a side case beside a folder that holds no lake', async () => {
    await lake.close();
    const fake = path.join(dir, 'not-a-lake');
    fs.mkdirSync(fake);
    fs.copyFileSync(sideCaseFor(lakeDir), sideCaseFor(fake));
    await expect(CaseStore.open(sideCaseFor(fake))).rejects.toThrow(/no lake is beside it/);
    await lake.open(lakeDir);
  });

  it('never turns a real case that sits where the side case goes into one, and loses none of its events', async () => {
    const other = path.join(dir, 'other-lake');
    fs.cpSync(lakeDir, other, { recursive: true });
    const occupant = await CaseStore.open(sideCaseFor(other), { create: true });
    await ingest(occupant, ['samples/demo-archive']);
    occupant.close();
    const opener = new OpenCase(() => undefined, null);
    await expect(opener.open(other)).rejects.toThrow(/is a case of its own/);
    const reopened = await CaseStore.open(sideCaseFor(other));
    try {
      expect(reopened.lake).toBeNull();
      expect(await reopened.read((db) => db.number('SELECT count(*) FROM events'))).toBe(413);
    } finally {
      reopened.close();
    }
  });
});

describe("a lake's files, as its manifest lists them", () => {
  /** A copy of the lake whose manifest `edit` changes, and the events an open of it counts. */
  async function openEdited(
    name: string,
    edit: (lake: string, manifest: LakeManifest) => void | Promise<void>,
    sql = 'SELECT count(*)::INTEGER AS events FROM events',
  ) {
    const copy = path.join(dir, name);
    fs.cpSync(lakeDir, copy, { recursive: true });
    const manifestPath = path.join(copy, 'MANIFEST.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as LakeManifest;
    await edit(copy, manifest);
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    const store = await CaseStore.open(sideCaseFor(copy), { create: true, lake: copy });
    try {
      const row = await store.read((db) => db.row<Record<string, number | bigint>>(sql));
      return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
    } finally {
      store.close();
    }
  }
  const eventsFiles = (manifest: LakeManifest) => Object.keys(manifest.files).filter((f) => f.startsWith('events/'));

  it.each([
    ['beside the others', 'events/account=111111111111/region=us-east-1/date=2024-01-01/part-planted.parquet'],
    ['in a folder of its own', 'events/planted.parquet'],
    ['under a table the lake does not have', 'planted/part-0.parquet'],
  ])('reads no Parquet file the manifest does not list: one %s', async (_, planted) => {
    const count = await openEdited(`planted-${planted.replace(/\W/g, '')}`, (lake) => {
      const first = fs
        .readdirSync(path.join(lake, 'events'), { recursive: true })
        .map(String)
        .find((f) => f.endsWith('.parquet'))!;
      fs.mkdirSync(path.dirname(path.join(lake, planted)), { recursive: true });
      fs.copyFileSync(path.join(lake, 'events', first), path.join(lake, planted));
    });
    expect(count).toEqual({ events: 413 });
  });

  it.each([
    ['a parent folder', '../secret.parquet'],
    ['a parent folder, from inside a table', 'events/../../secret.parquet'],
    ['an absolute path', path.join(dir, 'secret.parquet')],
  ])('refuses a manifest naming a file in %s, and reads nothing outside the lake', async (_, named) => {
    fs.copyFileSync(path.join(dir, 'secret.csv'), path.join(dir, 'secret.parquet'));
    await expect(
      openEdited(`outside-${named.replace(/\W/g, '')}`, (_lake, manifest) => {
        manifest.files[named] = { sha256: '0'.repeat(64), bytes: 1, export: 1 };
      }),
    ).rejects.toThrow(/names a file outside the lake/);
  });

  it.each([
    ['a character class', 'events/[p]lanted.parquet'],
    ['a star', 'events/*.parquet'],
    ['a question mark', 'events/?lanted.parquet'],
    ['braces', 'events/{planted,other}.parquet'],
  ])('refuses a manifest naming a file with %s, which DuckDB would expand to unlisted files', async (_, named) => {
    await expect(
      openEdited(`pattern-${named.replace(/\W/g, '')}`, (lake, manifest) => {
        const first = eventsFiles(manifest)[0]!;
        fs.copyFileSync(path.join(lake, first), path.join(lake, 'events', 'planted.parquet'));
        fs.copyFileSync(path.join(lake, first), path.join(lake, named));
        manifest.files[named] = { sha256: '0'.repeat(64), bytes: 1, export: 1 };
      }),
    ).rejects.toThrow(/pattern character/);
  });

  it('ignores what the manifest lists that is no table of Parquet files', async () => {
    const count = await openEdited('listed-others', (_lake, manifest) => {
      manifest.files['events/../MANIFEST.json'] = { sha256: '0'.repeat(64), bytes: 1, export: 1 };
      manifest.files['events/notes.txt'] = { sha256: '0'.repeat(64), bytes: 1, export: 1 };
    });
    expect(count).toEqual({ events: 413 });
  });

  it.each([1, 2, 5])('refuses a lake missing %i of its listed events files, naming them', async (gone) => {
    let removed: string[] = [];
    const opening = openEdited(`missing-${gone}`, (lake, manifest) => {
      removed = eventsFiles(manifest).slice(0, gone);
      for (const file of removed) fs.rmSync(path.join(lake, file));
    });
    await expect(opening).rejects.toThrow(new RegExp(`missing ${gone} of the files`));
    await expect(opening).rejects.toThrow(removed[0]!);
  });

  /** Writes the `at`-th listed events file (in the manifest's order) again as `select` makes it from itself. */
  async function rewriteEventsFile(lake: string, manifest: LakeManifest, at: number, select: string): Promise<string> {
    const name = eventsFiles(manifest).sort()[at]!;
    const file = path.join(lake, name);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await db.run(
        `COPY (SELECT ${select} FROM read_parquet(${sqlString(file)})) TO ${sqlString(`${file}.tmp`)} (FORMAT parquet)`,
      );
    } finally {
      db.closeSync();
    }
    fs.renameSync(`${file}.tmp`, file);
    return name;
  }
  /** How many events of the original lake, and of its `at`-th listed events file, have a user agent. */
  async function agentsInOriginal(at: number): Promise<{ lake: number; file: number }> {
    const manifest = JSON.parse(fs.readFileSync(path.join(lakeDir, 'MANIFEST.json'), 'utf8')) as LakeManifest;
    const file = path.join(lakeDir, eventsFiles(manifest).sort()[at]!);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const count = async (from: string) =>
      Number((await db.runAndReadAll(`SELECT count(user_agent)::INTEGER FROM read_parquet(${from})`)).getRows()[0]![0]);
    try {
      return { lake: await count(sqlString(`${lakeDir}/events/**/*.parquet`)), file: await count(sqlString(file)) };
    } finally {
      db.closeSync();
    }
  }

  it("reads a later export's files by name: where they lack a column, their events have null there", async () => {
    const counts = await openEdited(
      'later-export-columns',
      async (lake, manifest) => {
        const name = await rewriteEventsFile(lake, manifest, 0, '* EXCLUDE (user_agent)');
        manifest.files[name]!.export = 2;
      },
      'SELECT count(*) AS events, count(user_agent) AS agents FROM events',
    );
    const agents = await agentsInOriginal(0);
    expect(agents.file).toBeGreaterThan(0);
    expect(counts).toEqual({ events: 413, agents: agents.lake - agents.file });
  });

  it.each([0, 1, 2])(
    'never reads null for a column that the events file listed at %i lacks while the rest of its export has it',
    async (at) => {
      let name = '';
      const opening = openEdited(
        `forged-columns-${at}`,
        async (lake, manifest) => {
          name = await rewriteEventsFile(lake, manifest, at, '* EXCLUDE (user_agent)');
        },
        'SELECT count(user_agent) AS agents FROM events',
      );
      // The first file's columns are the ones every file is read by: the open itself refuses.
      if (at === 0) await expect(opening).rejects.toThrow(/have no column user_agent, which an export writes/);
      else await expect(opening).rejects.toThrow(/could not be found in file/);
      await expect(opening).rejects.toThrow(name);
    },
  );

  it('reads a file of an export that holds a column more as the others, without the column', async () => {
    const counts = await openEdited(
      'forged-extra-column',
      (lake, manifest) => rewriteEventsFile(lake, manifest, 1, "*, 'planted' AS planted").then(() => undefined),
      `SELECT count(*) AS events, count(user_agent) AS agents,
         (SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'planted') AS planted
         FROM events`,
    );
    expect(counts).toEqual({ events: 413, agents: (await agentsInOriginal(1)).lake, planted: 0 });
  });

  it('reads a file of an export whose column holds another type as the case types it', async () => {
    const sql =
      'SELECT count(*) AS events, count(*) FILTER (read_only) AS reads, sum(record_index) AS indexes FROM events';
    const original = await openEdited('original-types', () => undefined, sql);
    const counts = await openEdited(
      'forged-types',
      (lake, manifest) =>
        rewriteEventsFile(
          lake,
          manifest,
          1,
          '* REPLACE (CAST(read_only AS VARCHAR) AS read_only, CAST(record_index AS VARCHAR) AS record_index)',
        ).then(() => undefined),
      sql,
    );
    expect(original.events).toBe(413);
    expect(counts).toEqual(original);
  });

  /**
   * An edit that puts something else where the first listed events file (or its partition
   * folder) was: `put` gets that path, the lake copy, and the same path in the original lake,
   * which lies outside the copy.
   */
  const replacing =
    (put: (at: string, lake: string, outside: string) => void, folder = false) =>
    (lake: string, manifest: LakeManifest) => {
      const name = eventsFiles(manifest)[0]!;
      const at = folder ? path.dirname(path.join(lake, name)) : path.join(lake, name);
      fs.rmSync(at, { recursive: true });
      put(at, lake, path.join(lakeDir, path.relative(lake, at)));
    };
  /** Another partition folder of the lake than the first listed file's. */
  const otherFolder = (lake: string, at: string) =>
    fs
      .readdirSync(path.join(lake, 'events'), { recursive: true })
      .map((f) => path.join(lake, 'events', String(f)))
      .find((f) => f.endsWith('.parquet') && path.dirname(f) !== at)!;
  const firstListed = () =>
    Object.keys((JSON.parse(fs.readFileSync(path.join(lakeDir, 'MANIFEST.json'), 'utf8')) as LakeManifest).files)
      .filter((f) => f.startsWith('events/'))
      .sort()[0]!;
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it.each([
    [
      'a link to the same file in another copy of the lake',
      replacing((at, _, outside) => fs.symlinkSync(outside, at)),
      'a link',
    ],
    [
      'a link to a file outside any lake',
      replacing((at) => fs.symlinkSync(path.join(dir, 'secret.csv'), at)),
      'a link',
    ],
    [
      'a link to another file of the lake',
      replacing((at, lake) => fs.symlinkSync(otherFolder(lake, ''), at)),
      'a link',
    ],
    ['a link to a device that never ends', replacing((at) => fs.symlinkSync('/dev/zero', at)), 'a link'],
    ['a pipe', replacing((at) => pipeAt(at)), 'a named pipe (FIFO)'],
    ['a folder', replacing((at) => fs.mkdirSync(at)), 'a folder'],
    [
      'in its partition folder, made a link to that folder in another copy of the lake',
      replacing((at, _, outside) => fs.symlinkSync(outside, at), true),
      'in a folder reached through a link',
    ],
    [
      'in its partition folder, made a link to another partition of the lake',
      replacing((at, lake) => fs.symlinkSync(path.dirname(otherFolder(lake, at)), at), true),
      'in a folder reached through a link',
    ],
  ])('refuses a listed file that is %s, naming it, and reads nothing from it', async (name, edit, what) => {
    const opening = openEdited(`not-plain-${name.replace(/\W/g, '')}`, edit);
    await expect(opening).rejects.toThrow(/not a plain file of the lake, as an export writes them/);
    await expect(opening).rejects.toThrow(new RegExp(`${escaped(firstListed())}: ${escaped(what)}\\)`));
  });

  it.each([
    ['a pipe', (manifest: string) => pipeAt(manifest)],
    [
      'a link to the manifest of another copy of the lake',
      (manifest: string) => fs.symlinkSync(path.join(lakeDir, 'MANIFEST.json'), manifest),
    ],
  ])('refuses to open a lake whose MANIFEST.json is %s', async (name, put) => {
    const copy = path.join(dir, `manifest-${name.replace(/\W/g, '')}`);
    fs.cpSync(lakeDir, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'MANIFEST.json'));
    put(path.join(copy, 'MANIFEST.json'));
    await expect(CaseStore.open(sideCaseFor(copy), { create: true, lake: copy })).rejects.toThrow(
      /MANIFEST\.json is not a plain file/,
    );
  });
});

describe('exporting into a lake folder that holds links or special files', () => {
  const outside = path.join(dir, 'outside.txt');
  /** Every entry of a folder with its kind and size, links not followed. */
  const listing = (folder: string) =>
    fs
      .readdirSync(folder, { recursive: true, withFileTypes: true })
      .map((e) => {
        const stats = fs.lstatSync(path.join(e.parentPath, e.name));
        return `${path.relative(folder, path.join(e.parentPath, e.name))} ${stats.mode} ${stats.isFile() ? stats.size : ''}`;
      })
      .sort();
  const listedEvents = (lake: string) =>
    Object.keys((JSON.parse(fs.readFileSync(path.join(lake, 'MANIFEST.json'), 'utf8')) as LakeManifest).files)
      .filter((f) => f.startsWith('events/'))
      .sort();

  it.each([
    // Read through the link, the same bytes would hash as listed, and the export would go on.
    [
      'a listed file is a link to the same file in another copy',
      'a link',
      (lake: string) => {
        const name = listedEvents(lake)[0]!;
        fs.rmSync(path.join(lake, name));
        fs.symlinkSync(path.join(lakeDir, name), path.join(lake, name));
        return name;
      },
    ],
    [
      'a listed file is a pipe',
      'a named pipe (FIFO)',
      (lake: string) => {
        const name = listedEvents(lake)[0]!;
        fs.rmSync(path.join(lake, name));
        pipeAt(path.join(lake, name));
        return name;
      },
    ],
    [
      'a partition folder is a link to a folder outside',
      'a link',
      (lake: string) => {
        const name = path.dirname(listedEvents(lake)[0]!);
        fs.rmSync(path.join(lake, name), { recursive: true });
        fs.mkdirSync(path.join(dir, 'outside-folder'), { recursive: true });
        fs.symlinkSync(path.join(dir, 'outside-folder'), path.join(lake, name));
        return name;
      },
    ],
    // The export writes each text beside its place, then renames it there.
    [
      'a link to a file outside lies where the export writes the Athena DDL first',
      'a link',
      (lake: string) => {
        fs.symlinkSync(outside, path.join(lake, 'ddl/athena.sql.writing'));
        return 'ddl/athena.sql.writing';
      },
    ],
    [
      'the Athena DDL is a link to a device that never ends',
      'a link',
      (lake: string) => {
        fs.rmSync(path.join(lake, 'ddl/athena.sql'));
        fs.symlinkSync('/dev/zero', path.join(lake, 'ddl/athena.sql'));
        return 'ddl/athena.sql';
      },
    ],
    [
      'MANIFEST.json is a pipe',
      'a named pipe (FIFO)',
      (lake: string) => {
        fs.rmSync(path.join(lake, 'MANIFEST.json'));
        pipeAt(path.join(lake, 'MANIFEST.json'));
        return 'MANIFEST.json';
      },
    ],
  ])('refuses one where %s, naming it, and writes nothing', async (name, what, plant) => {
    fs.writeFileSync(outside, 'not the lake\n');
    const copy = path.join(dir, `export-into-${name.replace(/\W/g, '')}`);
    fs.cpSync(lakeDir, copy, { recursive: true });
    const planted = plant(copy);
    const before = listing(copy);
    const store = await CaseStore.open(casePath);
    try {
      const exporting = exportLake(store, { dir: copy, since: null, until: null });
      await expect(exporting).rejects.toThrow(/which no export writes: it will not export into a folder through them/);
      await expect(exporting).rejects.toThrow(`${planted}: ${what}`);
    } finally {
      store.close();
    }
    expect(listing(copy)).toEqual(before);
    expect(fs.readFileSync(outside, 'utf8')).toBe('not the lake\n');
    const outsideFolder = path.join(dir, 'outside-folder');
    expect(fs.existsSync(outsideFolder) ? fs.readdirSync(outsideFolder) : []).toEqual([]);
  });
});
