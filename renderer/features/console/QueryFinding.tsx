import { FindingForm } from '../findings/FindingForm.tsx';

/** The query as it ran becomes a finding; the core runs it again and keeps its first rows. */
export function QueryFinding({ sql, rows }: { sql: string; rows: number }) {
  return (
    <FindingForm
      label="Add as finding"
      evidence={() => ({ kind: 'query', sql })}
      draft={() => ({ title: `${firstLine(sql)} (${rows.toLocaleString('en-US')} rows)`, severity: 'medium' })}
    />
  );
}

const firstLine = (sql: string) => {
  const line =
    sql
      .trim()
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('--')) ?? sql.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};
