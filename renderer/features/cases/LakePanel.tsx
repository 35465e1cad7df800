interface LakePanelProps {
  lake: string;
  sideCase: string;
}

/** In place of the ingest panel when a lake is open: what is read from where, and where the analyst's work goes. */
export function LakePanel({ lake, sideCase }: LakePanelProps) {
  return (
    <section className="panel" aria-labelledby="lake-title" data-testid="lake-panel">
      <h2 id="lake-title">Parquet lake, read-only</h2>
      <p>
        Events, sources and pipeline calls are read from the Parquet files in <code>{lake}</code>, which nothing here
        writes. Findings, notes, saved queries and detection results are kept in <code>{sideCase}</code>, beside it.
      </p>
      <p className="muted small">
        To add events, ingest them into the case this lake was exported from, then export it into the same folder again:
        only what is new is added. Integrity validation also runs on that case.
      </p>
    </section>
  );
}
