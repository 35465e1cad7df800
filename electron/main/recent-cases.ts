import fs from 'node:fs';

const KEEP = 10;

/** The cases opened last, newest first, kept in a small JSON file of the user's. */
export class RecentCases {
  constructor(private readonly file: string) {}

  list(): string[] {
    try {
      const value: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && fs.existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  add(casePath: string): void {
    const next = [casePath, ...this.list().filter((p) => p !== casePath)].slice(0, KEEP);
    fs.writeFileSync(this.file, JSON.stringify(next, null, 2));
  }
}
