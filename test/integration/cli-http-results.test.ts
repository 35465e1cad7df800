import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRows } from '../../electron/cli/format-rows.ts';
import { infoJson } from '../../electron/cli/info.ts';
import { huntList } from '../../electron/cli/query.ts';
import { type ServedCase, serveCase } from '../../electron/server/serve-case.ts';
import type { Result } from '../../shared/api/contract.ts';
import type { Detection } from '../../shared/model/detection.ts';
import type { QueryResult } from '../../shared/model/query.ts';
import { type CliRun, trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The CLI is a face like the browser's: the same request answers the same Result whichever
 * way it comes. Each command runs first (DuckDB lets one process open a case), then the same
 * requests go over HTTP to the same case, and the CLI's output must be that Result printed.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'demo.duckdb');
const SQL =
  "SELECT event_time, event_name, user_agent, request_parameters, 1.5::DECIMAL(4,2) AS d FROM events WHERE source_ip = '203.0.113.66' ORDER BY event_time, event_key";
const REFUSED = 'DELETE FROM events';

const cli: Record<string, CliRun> = {};
let served: ServedCase;

async function http<T>(name: string, params: unknown): Promise<Result<T>> {
  const response = await fetch(`http://127.0.0.1:${served.server.port}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trailscope-token': served.server.token },
    body: JSON.stringify(params),
  });
  return (await response.json()) as Result<T>;
}

async function value<T>(name: string, params: unknown): Promise<T> {
  const result = await http<T>(name, params);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  expect(trailscope('ingest', '--case', caseFile, '--no-detect', 'samples/demo-archive').code).toBe(0);
  cli.info = trailscope('info', '--case', caseFile, '--json');
  cli.list = trailscope('pipelines', 'list', '--case', caseFile, '--json');
  cli.history = trailscope('pipelines', 'history', '--case', caseFile, 'deploy-prod', '--json');
  cli.diff = trailscope('pipelines', 'diff', '--case', caseFile, 'deploy-prod', '2', '3', '--json');
  cli.export = trailscope('pipelines', 'export', '--case', caseFile, 'deploy-prod', '2');
  cli.query = trailscope('query', '--case', caseFile, '--format', 'json', '--limit', '5', SQL);
  cli.csv = trailscope('query', '--case', caseFile, '--format', 'csv', '--limit', '5', SQL);
  cli.refused = trailscope('query', '--case', caseFile, REFUSED);
  cli.hunts = trailscope('query', '--hunts');
  served = await serveCase({ case: caseFile, recentCasesFile: path.join(dir, 'recent.json') });
}, 120_000);

afterAll(() => served?.stop());

describe('a CLI command and the same request over HTTP', () => {
  it('describe the case alike (info --json, case:describe)', async () => {
    const summary = await value<Parameters<typeof infoJson>[0]>('case:describe', {});
    expect(cli.info!.stdout).toBe(infoJson(summary));
  });

  it('list, tell and diff pipelines alike, and export the same restore input', async () => {
    expect(JSON.parse(cli.list!.stdout)).toEqual(await value('pipeline:list', {}));
    expect(JSON.parse(cli.history!.stdout)).toEqual(await value('pipeline:get-history', { name: 'deploy-prod' }));
    expect(JSON.parse(cli.diff!.stdout)).toEqual(await value('pipeline:diff', { name: 'deploy-prod', from: 2, to: 3 }));
    expect(JSON.parse(cli.export!.stdout)).toEqual(await value('pipeline:export', { name: 'deploy-prod', version: 2 }));
  });

  it('answer console SQL with the same rows, printed from the same Result', async () => {
    const result = await value<QueryResult>('query:fetch', { sql: SQL, limit: 5 });
    expect(result.complete).toBe(false);
    expect(result.rows).toHaveLength(5);
    expect(cli.query!.stdout).toBe(formatRows(result, 'json'));
    expect(cli.csv!.stdout).toBe(formatRows(result, 'csv'));
  });

  it('refuse a write in the same words', async () => {
    const result = await http('query:fetch', { sql: REFUSED, limit: 10 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'read-only' } });
    expect(cli.refused).toMatchObject({ code: 1, stderr: `trailscope query: ${!result.ok && result.error.message}\n` });
  });

  it('list the same hunts, which need no case', async () => {
    expect(cli.hunts!.stdout).toBe(huntList(await value<Detection[]>('query:list-hunts', {})));
  });
});

describe('the CLI as a face', () => {
  it("leaves the UI's recent cases alone: a script's cases are not the analyst's to reopen", () => {
    const config = path.join(dir, 'config');
    const env = { ...process.env, TRAILSCOPE_CONFIG_DIR: config };
    for (const args of [
      ['ingest', '--case', path.join(dir, 'scripted.duckdb'), 'samples/demo-archive/AWSLogs'],
      ['info', '--case', path.join(dir, 'scripted.duckdb')],
    ]) {
      expect(spawnSync(process.execPath, ['bin/trailscope.js', ...args], { env, encoding: 'utf8' }).status).toBe(0);
    }
    expect(fs.existsSync(path.join(config, 'recent-cases.json'))).toBe(false);
  });
});
