/** A determinate bar; the native element tells screen readers its value. */
export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return <progress className="progress" aria-label={label} max={100} value={percent} data-testid="ingest-progress" />;
}
