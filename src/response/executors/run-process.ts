// Runs a program without a shell: arguments as a list, input on stdin, a deadline after which it is
// killed, and at most a bounded amount of its output kept.
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** the program could not be started (ENOENT, EACCES) */
  spawnError?: Error;
}

const KEEP = 256 * 1024;

export function runProcess(argv: readonly string[], o: { input?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const done = (r: Omit<RunResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout, stderr, timedOut });
    };
    const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], env: o.env ?? process.env, shell: false });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.stdout.on('data', (b: Buffer) => (stdout = (stdout + b.toString('utf8')).slice(-KEEP)));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-KEEP)));
    child.on('error', (e) => done({ code: null, signal: null, spawnError: e }));
    child.on('close', (code, signal) => done({ code, signal }));
    // a program that does not read its input closes the pipe: not an error of ours
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}

/** The last lines of an output, for an error message. */
export function excerpt(text: string, max = 400): string {
  const t = text.trim();
  return t.length > max ? '…' + t.slice(-max) : t;
}
