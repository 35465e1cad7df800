/**
 * The longest name or key a pipeline change's path holds whole (a 1 MB key in 5,000 changed
 * paths took 4 GB). The diff cuts longer ones, and the view cuts a stage's or action's name the
 * same way to find the changes that touch it.
 */
export const MAX_SEGMENT = 200;

/**
 * A name or key as a change's path holds it: its first MAX_SEGMENT characters and an ellipsis
 * when longer, with `]` and `\` escaped by a `\`. CodePipeline's names hold neither, but a forged
 * one named `Build].actions[Deploy` would otherwise read as another stage's action, and lose
 * its marks in the view.
 */
export function pathSegment(name: string): string {
  const kept = name.length > MAX_SEGMENT ? `${name.slice(0, MAX_SEGMENT)}…` : name;
  return kept.replace(/[\\\]]/g, (c) => `\\${c}`);
}
