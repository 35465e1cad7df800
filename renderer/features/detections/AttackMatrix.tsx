import { useState } from 'react';
import type { DetectionRule } from '../../../shared/model/detection.ts';
import { count, plural } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { attackMatrix, heatLevel, type MatrixCell, type MatrixColumn, shortName, UNMAPPED } from './attack-matrix.ts';

/**
 * Cells a column draws at first. A tactic of the catalogue holds at most 21 techniques; the
 * unmapped column holds whatever ids Sigma rules tag, and one rule of 256 KiB tags thousands.
 */
const CELLS = 30;

interface AttackMatrixProps {
  rules: DetectionRule[];
  chosen: string | null;
  onChoose: (technique: string | null) => void;
}

/**
 * The case's rules on ATT&CK's matrix, tactics in ATT&CK's order: each technique a cell,
 * coloured by the hits of the rules that name it; a cell, pressed, narrows the rule list.
 */
export function AttackMatrix({ rules, chosen, onChoose }: AttackMatrixProps) {
  const columns = attackMatrix(rules);
  return (
    <section className="panel" aria-labelledby="attack-matrix-title" data-testid="attack-matrix">
      <h2 id="attack-matrix-title">ATT&amp;CK techniques</h2>
      <div className="attack-matrix" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
        {columns.map((column) => (
          <Tactic key={column.id} column={column} chosen={chosen} onChoose={onChoose} />
        ))}
      </div>
      <p className="matrix-legend small muted">
        Colour: hits of the rules naming the technique (none, 1, 2–9, 10–99, 100 or more); a technique of several
        tactics is in each. Unmapped: ids Trailscope’s ATT&amp;CK catalogue does not hold.
      </p>
    </section>
  );
}

function Tactic({
  column,
  chosen,
  onChoose,
}: {
  column: MatrixColumn;
  chosen: string | null;
  onChoose: (id: string | null) => void;
}) {
  const [drawn, setDrawn] = useState(CELLS);
  return (
    <div className="tactic" role="group" aria-labelledby={`tactic-${column.id}`}>
      <h3 id={`tactic-${column.id}`} className="tactic-name" title={column.id === UNMAPPED ? undefined : column.id}>
        {column.name}
      </h3>
      {column.cells.length === 0 ? (
        <p className="muted small tactic-empty">no rule</p>
      ) : (
        column.cells
          .slice(0, drawn)
          .map((cell) => <Cell key={cell.id} cell={cell} pressed={chosen === cell.id} onChoose={onChoose} />)
      )}
      <ShowMore
        hidden={column.cells.length - drawn}
        step={CELLS}
        what="techniques"
        onShow={() => setDrawn((n) => n + CELLS)}
      />
    </div>
  );
}

function Cell({
  cell,
  pressed,
  onChoose,
}: {
  cell: MatrixCell;
  pressed: boolean;
  onChoose: (id: string | null) => void;
}) {
  const name = cell.name ?? 'not in the catalogue';
  const said = `${cell.id} ${name}: ${plural(cell.hits, 'hit', 'hits')}, ${plural(cell.rules, 'rule', 'rules')}`;
  return (
    <button
      type="button"
      className={`technique heat-${heatLevel(cell.hits)}`}
      aria-pressed={pressed}
      aria-label={said}
      title={said}
      onClick={() => onChoose(pressed ? null : cell.id)}
      data-testid="technique"
      data-technique={cell.id}
    >
      <span className="technique-id">{cell.id}</span>
      {/* A narrow column may break "Unused/Unsupported" after its slash rather than inside a word. */}
      <span className="technique-name">{cell.name ? shortName(cell.name).replaceAll('/', '/\u200b') : '—'}</span>
      {cell.hits > 0 && <span className="technique-hits">{count(cell.hits)}</span>}
    </button>
  );
}
