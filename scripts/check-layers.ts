import fs from 'node:fs';
import path from 'node:path';

/**
 * The import directions of DESIGN.md §3, checked mechanically:
 * renderer -> shared <- electron/api -> electron/core; core imports no transport and never
 * 'electron'; shared imports nothing of ours; the renderer imports no Node module; the CLI,
 * a face like the others, reaches the core only through electron/api's handleRequest.
 */
interface Rule {
  folder: string;
  /** Folders of ours it must not import from. */
  folders: string[];
  /** Packages it must not import. */
  packages: RegExp;
  why: string;
}

const NODE = /^(node:|fs$|path$|os$|child_process$|crypto$|zlib$|stream$|util$|worker_threads$|@duckdb\/|electron$)/;

const rules: Rule[] = [
  {
    folder: 'shared',
    folders: ['electron', 'renderer'],
    packages: NODE,
    why: 'shared/ imports nothing of ours and runs on both sides',
  },
  {
    folder: 'electron/core',
    folders: ['electron/api', 'electron/main', 'electron/preload', 'electron/server', 'electron/cli', 'renderer'],
    packages: /^electron$/,
    why: "core never imports 'electron' nor a transport",
  },
  {
    folder: 'electron/api',
    folders: ['electron/main', 'electron/preload', 'electron/server', 'electron/cli', 'renderer'],
    packages: /^electron$/,
    why: 'handlers do not know their transport',
  },
  {
    folder: 'electron/server',
    folders: ['electron/core', 'electron/main', 'electron/preload', 'electron/cli', 'renderer'],
    packages: /^electron$/,
    why: 'the browser face runs without Electron and reaches the core only through electron/api',
  },
  {
    folder: 'electron/main',
    folders: ['electron/core', 'electron/server', 'electron/cli', 'renderer'],
    packages: /^$/,
    why: 'the desktop shell reaches the core only through electron/api, and needs neither the browser face nor the CLI',
  },
  {
    folder: 'electron/cli',
    folders: ['electron/core', 'electron/main', 'electron/preload', 'renderer'],
    packages: /^electron$/,
    why: 'the CLI is a face: it reaches the core only through electron/api (handleRequest)',
  },
  {
    folder: 'electron/preload',
    folders: ['electron/core', 'electron/api', 'electron/main', 'electron/server', 'electron/cli', 'renderer'],
    packages: /^(node:|fs$|path$|os$|child_process$|crypto$|@duckdb\/)/,
    why: 'the preload is sandboxed: contract names and ipcRenderer only',
  },
  {
    folder: 'renderer',
    folders: ['electron'],
    packages: NODE,
    why: 'the renderer is DOM only and talks to the API client only',
  },
];

/**
 * Every way a module names another: `import … from`, `export … from` (`export *` too), a bare
 * `import 'x'` run for its side effects, `import('x')` and `require('x')`.
 */
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

export function layerViolations(root: string): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    for (const file of files(path.join(root, rule.folder))) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(IMPORT)) {
        const target = match[1] ?? match[2] ?? match[3] ?? '';
        const inRepo = target.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), target)) : null;
        const crosses =
          inRepo !== null && rule.folders.some((folder) => inRepo === folder || inRepo.startsWith(`${folder}/`));
        if (crosses || (inRepo === null && rule.packages.test(target)))
          problems.push(`${path.relative(root, file)} imports '${target}': ${rule.why}`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = layerViolations(process.cwd());
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log('layers: ok');
}
