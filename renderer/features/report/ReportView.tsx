import { useApi } from '../../api/use-api.ts';
import { BookmarkFinding } from './BookmarkFinding.tsx';
import { CaseDetailsForm } from './CaseDetailsForm.tsx';
import { FindingCard } from './FindingCard.tsx';
import { ReportExports } from './ReportExports.tsx';

/**
 * The report builder: the case's details, its findings in report order, findings made from
 * bookmarks, and export. Findings from queries, the volume chart and pipeline diffs are made
 * where that evidence is shown (SQL, Charts, Pipelines).
 */
export function ReportView() {
  const { data: findings, error: problem, reload } = useApi('finding:list', {});

  return (
    <div className="report-view">
      <section aria-labelledby="report-details">
        <h2 id="report-details">Case details</h2>
        <CaseDetailsForm />
      </section>
      <section aria-labelledby="report-findings">
        <h2 id="report-findings">Findings</h2>
        <p className="muted small">
          Add findings from a query result (SQL), the volume chart (Charts), a pipeline diff (Pipelines) or bookmarked
          events (below). Each keeps its evidence as the case showed it then. With no findings, the report is a summary
          of the case, its pipelines and its evidence.
        </p>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {findings && findings.length === 0 && <p className="muted">No findings yet.</p>}
        {findings && findings.length > 0 && (
          <ol className="finding-cards">
            {findings.map((f) => (
              <FindingCard
                key={`${f.finding_id}-${f.updated_at}`}
                finding={f}
                count={findings.length}
                onChanged={reload}
              />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="report-bookmarks">
        <h2 id="report-bookmarks">From bookmarked events</h2>
        <BookmarkFinding onSaved={reload} />
      </section>
      <section aria-labelledby="report-export">
        <h2 id="report-export">Export</h2>
        <p className="muted small">
          One self-contained HTML file (charts inline, no scripts, nothing fetched), a PDF of it, Markdown, or JSON for
          other tools. Files are written beside the case; each one's SHA-256 is recorded in the case log.
        </p>
        <ReportExports />
      </section>
    </div>
  );
}
