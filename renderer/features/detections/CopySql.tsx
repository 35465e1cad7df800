import { useState } from 'react';

/** Copies a rule's SQL, saying whether the clipboard took it (a page may be refused it). */
export function CopySql({ sql }: { sql: string }) {
  const [said, setSaid] = useState<string | null>(null);
  const copy = () => {
    if (!navigator.clipboard) {
      setSaid('This page has no clipboard access: select the SQL and copy it.');
      return;
    }
    navigator.clipboard.writeText(sql).then(
      () => setSaid('Copied.'),
      () => setSaid('The clipboard refused it: select the SQL and copy it.'),
    );
  };
  return (
    <>
      <button type="button" className="secondary small" onClick={copy}>
        Copy SQL
      </button>
      {said && (
        <span className="small" role="status">
          {said}
        </span>
      )}
    </>
  );
}
