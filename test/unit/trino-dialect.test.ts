import { describe, expect, it } from 'vitest';
import { duckdbLeftovers, toTrino } from '../../electron/core/lake/trino-dialect.ts';

function trino(sql: string): string {
  const translated = toTrino(sql);
  if (!translated.ok) throw new Error(`unportable: ${translated.reason}`);
  return translated.sql;
}

function reason(sql: string): string {
  const translated = toTrino(sql);
  if (translated.ok) throw new Error(`translated: ${translated.sql}`);
  return translated.reason;
}

describe('DuckDB to Trino: JSON', () => {
  it('reads ->> as the scalar text, or the JSON text of an object, as DuckDB does', () => {
    expect(trino(`SELECT request_parameters->>'$.userName' FROM events`)).toBe(
      `SELECT CASE WHEN is_json_scalar(json_extract(request_parameters, '$.userName')) THEN json_extract_scalar(request_parameters, '$.userName') ELSE json_format(json_extract(request_parameters, '$.userName')) END FROM events`,
    );
  });

  it('turns -> into json_extract and chains it', () => {
    expect(trino(`SELECT (r->'$.a'->'$.b') FROM events`)).toBe(
      `SELECT (json_extract(json_extract(r, '$.a'), '$.b')) FROM events`,
    );
  });

  it('spells a quoted key the way Trino’s JSONPath reads it', () => {
    expect(trino(`SELECT json_extract(r, '$."x-amz-acl"') FROM events`)).toBe(
      `SELECT json_extract(r, '$["x-amz-acl"]') FROM events`,
    );
  });

  it('parses text cast to JSON instead of making a JSON string of it', () => {
    expect(trino(`SELECT try_cast(p AS JSON), CAST(p AS JSON) FROM events`)).toBe(
      `SELECT try(json_parse(p)), json_parse(p) FROM events`,
    );
  });

  it('refuses a wildcard path, which returns a list in DuckDB', () => {
    expect(reason(`SELECT json_extract(r, '$.items[*].id') FROM events`)).toMatch(/wildcards/);
  });

  it('refuses ->> where DuckDB binds the operator before it first', () => {
    expect(reason(`SELECT 1 FROM events WHERE 'a' = r->>'$.x'`)).toMatch(/binds it otherwise/);
  });
});

describe('DuckDB to Trino: regex, text and lists', () => {
  it('renames regexp_matches and keeps DuckDB’s empty string for a regexp_extract that finds nothing', () => {
    expect(trino(`SELECT regexp_extract(a, 'x(y)', 1) FROM events WHERE regexp_matches(a, '^x')`)).toBe(
      `SELECT coalesce(regexp_extract(a, 'x(y)', 1), CASE WHEN a IS NOT NULL THEN '' END) FROM events WHERE regexp_like(a, '^x')`,
    );
  });

  it('turns a case-insensitive regexp_matches into an inline flag', () => {
    expect(trino(`SELECT 1 FROM events WHERE regexp_matches(a, 'admin', 'i')`)).toBe(
      `SELECT 1 FROM events WHERE regexp_like(a, '(?i)admin')`,
    );
  });

  it('refuses regexp_replace of the first match only, which Trino would apply to every match', () => {
    expect(reason(`SELECT regexp_replace(a, 'x', 'y') FROM events`)).toMatch(/first match/);
  });

  it('writes ILIKE as a LIKE of lowered text', () => {
    expect(trino(`SELECT 1 FROM events WHERE user_agent NOT ILIKE '%boto%'`)).toBe(
      `SELECT 1 FROM events WHERE lower(user_agent) NOT LIKE lower('%boto%')`,
    );
  });

  it('turns lambdas, list functions and list literals into Trino’s', () => {
    expect(
      trino(
        `SELECT list_filter(list_transform(xs, lambda x: upper(x)), lambda x: list_contains(['A'], x)) FROM events`,
      ),
    ).toBe(`SELECT filter(transform(xs, x -> upper(x)), x -> contains(ARRAY['A'], x)) FROM events`);
  });

  it('aggregates list() with array_agg, keeping DISTINCT and ORDER BY', () => {
    expect(trino(`SELECT list(DISTINCT ip ORDER BY ip), string_agg(ip, ',') FROM events`)).toBe(
      `SELECT array_agg(DISTINCT ip ORDER BY ip), array_join(array_agg(ip), ',') FROM events`,
    );
  });

  it('compares the key of arg_min as a row', () => {
    expect(trino(`SELECT arg_min(event_key, (event_time, event_key)) FROM events`)).toBe(
      `SELECT min_by(event_key, ROW(event_time, event_key)) FROM events`,
    );
  });

  it('casts with :: and list types', () => {
    expect(trino(`SELECT []::VARCHAR[], a::INTEGER FROM events`)).toBe(
      `SELECT CAST(ARRAY[] AS ARRAY(VARCHAR)), CAST(a AS INTEGER) FROM events`,
    );
  });

  it('divides integers into a fraction, as DuckDB’s / does', () => {
    expect(trino(`SELECT count(*) / 2 FROM events`)).toBe(`SELECT CAST(count(*) AS DOUBLE) / 2 FROM events`);
  });
});

describe('DuckDB to Trino: time', () => {
  it('quotes an interval’s amount and names its unit in the singular', () => {
    expect(trino(`SELECT 1 FROM events WHERE event_time > TIMESTAMP '2024-01-01' + INTERVAL 10 MINUTES`)).toBe(
      `SELECT 1 FROM events WHERE event_time > TIMESTAMP '2024-01-01' + INTERVAL '10' MINUTE`,
    );
  });

  it('buckets by day with date_trunc, and by ten minutes on the same bounds as DuckDB', () => {
    expect(
      trino(`SELECT time_bucket(INTERVAL 1 DAY, event_time), time_bucket(INTERVAL 10 MINUTE, t) FROM events`),
    ).toBe(
      `SELECT date_trunc('day', event_time), date_add('minute', -(minute(t) % 10), date_trunc('minute', t)) FROM events`,
    );
  });

  it('refuses a bucket width that does not divide the hour', () => {
    expect(reason(`SELECT time_bucket(INTERVAL 7 MINUTE, t) FROM events`)).toMatch(/time_bucket/);
  });

  it('counts date_diff in boundaries crossed, as DuckDB does', () => {
    expect(trino(`SELECT date_diff('hour', a, b) FROM events`)).toBe(
      `SELECT date_diff('hour', date_trunc('hour', a), date_trunc('hour', b)) FROM events`,
    );
  });

  it('takes epoch of a naive UTC timestamp in UTC, whatever the session zone', () => {
    expect(trino(`SELECT epoch(event_time) FROM events`)).toBe(
      `SELECT to_unixtime(with_timezone(event_time, 'UTC')) FROM events`,
    );
  });
});

describe('DuckDB to Trino: clauses', () => {
  it('names GROUP BY ALL’s keys by position', () => {
    expect(trino(`SELECT a, date_trunc('day', t) AS d, count(*) AS n FROM events GROUP BY ALL`)).toBe(
      `SELECT a, date_trunc('day', t) AS d, count(*) AS n FROM events GROUP BY 1, 2`,
    );
  });

  it('keeps an aggregate FILTER, which Trino has', () => {
    expect(trino(`SELECT count(*) FILTER (WHERE error_code IS NULL) FROM events`)).toBe(
      `SELECT count(*) FILTER (WHERE error_code IS NULL) FROM events`,
    );
  });

  it('writes IGNORE NULLS after the call', () => {
    expect(trino(`SELECT last_value(x IGNORE NULLS) OVER (ORDER BY t) FROM events`)).toBe(
      `SELECT last_value(x) IGNORE NULLS OVER (ORDER BY t) FROM events`,
    );
  });

  it('refuses QUALIFY, ASOF joins and tables the lake does not carry', () => {
    expect(reason(`SELECT * FROM events QUALIFY row_number() OVER () = 1`)).toMatch(/QUALIFY/);
    expect(reason(`SELECT * FROM events e ASOF JOIN events f ON e.event_time >= f.event_time`)).toMatch(/ASOF/);
    expect(reason(`SELECT * FROM findings`)).toMatch(/findings, which the lake does not carry/);
  });

  it('knows a CTE, with or without its column names, as a table', () => {
    expect(toTrino(`WITH w (a) AS (VALUES ('x')), v AS (SELECT 1) SELECT * FROM events JOIN w USING (a), v`).ok).toBe(
      true,
    );
  });

  it('refuses a function it does not know rather than pass it on', () => {
    expect(reason(`SELECT md5(event_key) FROM events`)).toBe('md5: no Trino function known to do the same');
  });
});

describe('duckdbLeftovers', () => {
  it('names the functions Trino is not known to have', () => {
    expect(duckdbLeftovers(`SELECT list_filter(a, x -> x), regexp_like(a, 'b'), count(*) FROM t AS u(c)`)).toEqual([
      'list_filter',
    ]);
  });
});
