import { execFileSync, spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';

/**
 * A named pipe at `file`, and beside it a process that writes a few bytes whenever something
 * opens the pipe to read. Code that opens it where it should have refused it then reads those
 * bytes and fails its test on the message, instead of waiting for a writer forever and taking
 * the test worker (or DuckDB's thread) with it. Call it inside a test: the process ends with it.
 */
export function pipeAt(file: string): void {
  execFileSync('mkfifo', [file]);
  const feeder = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs');
       const flags = fs.constants.O_WRONLY | fs.constants.O_NONBLOCK;
       setInterval(() => {
         try {
           const fd = fs.openSync(process.argv[1], flags);
           fs.writeSync(fd, 'not what was asked for');
           fs.closeSync(fd);
         } catch {}
       }, 100);
       setTimeout(() => process.exit(0), 120000);`,
      file,
    ],
    { stdio: 'ignore' },
  );
  onTestFinished(() => {
    feeder.kill();
  });
}
