import { attackTactics, attackTechnique } from '../../../shared/attack-techniques.ts';
import type { DetectionRule } from '../../../shared/model/detection.ts';
import { hitsOf } from './rule-filter.ts';

export interface MatrixCell {
  id: string;
  /** The catalogue's name, or null for an id it does not hold. */
  name: string | null;
  hits: number;
  rules: number;
}

export interface MatrixColumn {
  /** A tactic's id, or `unmapped` for techniques the catalogue does not know. */
  id: string;
  name: string;
  cells: MatrixCell[];
}

export const UNMAPPED = 'unmapped';

/**
 * The ATT&CK matrix of the case's rules: a column per tactic in ATT&CK's order, each holding
 * the techniques the rules name that belong to it (a technique of several tactics is in each),
 * with the hits of the rules that name it. Ids the catalogue lacks (a Sigma author's, or a
 * newer ATT&CK's) go to a last column, so that no rule drops out of the picture.
 */
export function attackMatrix(rules: DetectionRule[]): MatrixColumn[] {
  const cells = new Map<string, MatrixCell>();
  for (const rule of rules) {
    for (const raw of new Set(rule.detection.attack.map((id) => id.toUpperCase()))) {
      const cell = cells.get(raw) ?? { id: raw, name: attackTechnique(raw)?.name ?? null, hits: 0, rules: 0 };
      cell.hits += hitsOf(rule);
      cell.rules += 1;
      cells.set(raw, cell);
    }
  }
  const sorted = [...cells.values()].sort((a, b) => b.hits - a.hits || a.id.localeCompare(b.id));
  const columns: MatrixColumn[] = attackTactics.map((tactic) => ({
    id: tactic.id,
    name: tactic.name,
    cells: sorted.filter((cell) => attackTechnique(cell.id)?.tactics.includes(tactic.id)),
  }));
  const unmapped = sorted.filter((cell) => cell.name === null);
  if (unmapped.length > 0) columns.push({ id: UNMAPPED, name: 'Unmapped', cells: unmapped });
  return columns;
}

/** How strongly a cell is coloured: none, one hit, a few, tens, hundreds or more. */
export function heatLevel(hits: number): 0 | 1 | 2 | 3 | 4 {
  if (hits === 0) return 0;
  if (hits === 1) return 1;
  if (hits < 10) return 2;
  if (hits < 100) return 3;
  return 4;
}

/** "Disable or Modify Cloud Logs" for a sub-technique: its parent's name is in the title. */
export function shortName(name: string): string {
  const colon = name.indexOf(': ');
  return colon < 0 ? name : name.slice(colon + 2);
}
