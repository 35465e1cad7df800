import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { DUCKDB_ALLOCATOR_CONF } from '../../electron/core/case/duckdb-library.ts';
import { tempDir } from '../helpers/temp.ts';

// jemalloc reads its settings once, as DuckDB's library loads: a module that imports a value of
// @duckdb/node-api loads it first, and the setting is silently lost. So every face is started
// with a hook on Node's loading of native code, which says what the setting was at that moment.
const HOOK = `
const load = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  if (/duckdb/i.test(filename))
    process.stderr.write('duckdb loaded with ' + JSON.stringify(process.env.DUCKDB_JE_MALLOC_CONF ?? null) + '\\n');
  return load.call(this, module, filename, ...rest);
};
`;

let dir: string;
let hook: string;
let caseFile: string;

beforeAll(async () => {
  dir = tempDir('duckdb-library');
  hook = path.join(dir, 'dlopen-hook.cjs');
  fs.writeFileSync(hook, HOOK);
  caseFile = path.join(dir, 'case.duckdb');
  (await CaseStore.open(caseFile, { create: true })).close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function loadedWith(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const base = { ...process.env };
  delete base.DUCKDB_JE_MALLOC_CONF;
  const run = spawnSync(process.execPath, ['--require', hook, ...args], {
    encoding: 'utf8',
    env: { ...base, ...env },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr.split('\n').filter((line) => line.startsWith('duckdb loaded with'));
}

const fromSources = (...argv: string[]) => [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  `const { main } = await import('./electron/cli/main.ts'); process.exitCode = await main(${JSON.stringify(argv)});`,
];

describe("DuckDB's library", () => {
  it('loads once, with freed pages kept, in the CLI as bundled and from its sources', () => {
    const expected = [`duckdb loaded with ${JSON.stringify(DUCKDB_ALLOCATOR_CONF)}`];
    expect(loadedWith(['bin/trailscope.js', 'info', '--case', caseFile])).toEqual(expected);
    expect(loadedWith(fromSources('info', '--case', caseFile))).toEqual(expected);
  });

  it("keeps the user's own allocator setting", () => {
    const own = 'dirty_decay_ms:0';
    const loaded = loadedWith(['bin/trailscope.js', 'info', '--case', caseFile], { DUCKDB_JE_MALLOC_CONF: own });
    expect(loaded).toEqual([`duckdb loaded with ${JSON.stringify(own)}`]);
  });

  it('is imported as a value by no module but the one that loads it', () => {
    const offenders: string[] = [];
    for (const root of ['electron', 'shared', 'bench', 'renderer']) {
      for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(file) || file.includes('node_modules')) continue;
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        for (const statement of text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?'@duckdb\/[^']+'/gms))
          if (!/^import\s+type\s/.test(statement[0])) offenders.push(`${root}/${file}: ${statement[0].split('\n')[0]}`);
        if (/\brequire\(\s*'@duckdb\//.test(text)) offenders.push(`${root}/${file}: require`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
