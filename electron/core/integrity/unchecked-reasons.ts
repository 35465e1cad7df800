import type { IntegritySummary } from '../../../shared/model/integrity.ts';

const NOT_CHECKED = 'signature not checked: ';

/** Kinds of reason counted: forged digests may each give another. */
const DISTINCT_REASONS = 1000;

/** Kinds of reason a run keeps, most frequent first; the rest are summed. */
const KEPT_REASONS = 20;

/**
 * What varies from digest to digest within one kind of reason: the keys and times it names.
 * Each digest's own reason still names them; the count is of the kind. A key's fingerprint is
 * kept: it says which key to fetch, and a trail's digests share it for years.
 */
const PARTICULARS = /AWSLogs\/[^\s()]*|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;

/**
 * Why signatures went unchecked, counted by the first clause of each reason that says so, its
 * particulars left out, digest by digest as trails are judged: the CLI's summary gives the most
 * frequent, and a case may hold millions of digests. Past `DISTINCT_REASONS` kinds (forged
 * digests may each give another), a new kind counts among the others.
 */
export class UncheckedReasons {
  private readonly counts = new Map<string, number>();
  private uncounted = 0;

  add(reason: string): void {
    // A reason is clauses joined by "; "; a clause's own advice after "; " is left out here.
    const clause = reason
      .split('; ')
      .find((c) => c.startsWith(NOT_CHECKED))
      ?.slice(NOT_CHECKED.length)
      .replace(PARTICULARS, '…');
    if (clause === undefined) return;
    const n = this.counts.get(clause);
    if (n !== undefined || this.counts.size < DISTINCT_REASONS) this.counts.set(clause, (n ?? 0) + 1);
    else this.uncounted++;
  }

  summary(): NonNullable<IntegritySummary['unchecked']> {
    const ranked = [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      reasons: ranked.slice(0, KEPT_REASONS).map(([reason, digests]) => ({ reason, digests })),
      other_digests: ranked.slice(KEPT_REASONS).reduce((sum, [, n]) => sum + n, this.uncounted),
    };
  }
}
