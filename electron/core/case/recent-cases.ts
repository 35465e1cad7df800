import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(next, null, 2));
  }
}

/** Outside Electron (the CLI's browser face) the list lives in the user's config folder; tests point it elsewhere. */
export function cliRecentCasesFile(): string {
  const dir =
    process.env.TRAILSCOPE_CONFIG_DIR ??
    path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'trailscope');
  return path.join(dir, 'recent-cases.json');
}
