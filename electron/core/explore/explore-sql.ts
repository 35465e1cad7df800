import type { DuckDBValue } from '@duckdb/node-api';
import type { EventOrder, ExploreFilter } from '../../../shared/model/explore.ts';
import { sqlLiteral } from '../case/sql.ts';
import { orderBy } from './events-page.ts';
import { PRINCIPAL_SQL } from './field-sql.ts';
import { filterTerms, type SqlValues } from './filter-sql.ts';

/** The filter's values written into the SQL, where the explorer binds them as parameters. */
class SqlLiterals implements SqlValues {
  add(value: DuckDBValue): string {
    if (typeof value === 'string') return sqlLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new Error(`no literal for ${typeof value}`);
  }
}

/**
 * The explorer's filter as console SQL selecting the same events in the same order, built from
 * the same terms as the explorer's own statements: what the analyst sees and what the SQL
 * counts cannot disagree.
 */
export function exploreSql(filter: ExploreFilter, order: EventOrder): string {
  const terms = filterTerms(filter, new SqlLiterals());
  const lines = [
    `-- The events the explorer shows, ${order === 'newest-first' ? 'newest' : 'oldest'} first.`,
    ...(filter.text
      ? ['-- The search reads the record as delivered, literally and in any case: each letter as [xX].']
      : []),
    `SELECT event_time, event_source, event_name, ${PRINCIPAL_SQL} AS principal,`,
    '  source_ip, access_key_id, error_code, aws_region, recipient_account_id, user_agent, event_key',
    'FROM events',
  ];
  if (terms.length > 0) lines.push(`WHERE ${terms.join('\n  AND ')}`);
  lines.push(`ORDER BY ${orderBy(order)}`);
  return lines.join('\n');
}
