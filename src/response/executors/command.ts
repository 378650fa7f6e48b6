// The command executor: runs a site's own hook (argv, never through a shell) with the action as JSON
// on stdin and MAMORI_ACTION_EVENT=apply|remove, MAMORI_ACTION_ID, MAMORI_ACTION_KIND in its
// environment. Exit 0 is success; anything else is a failure carrying the end of its stderr; past
// the timeout it is killed. Like the webhook, what it applied is kept in memory and adopted after a
// restart.
import type { Action } from '../../schema/action.js';
import { ExecutorError } from '../errors.js';
import type { ExecResult, Executor } from '../types.js';
import { excerpt, runProcess } from './run-process.js';
import { planAction } from './validate.js';

export interface CommandExecutorOptions {
  name?: string;
  argv: readonly string[];
  timeoutMs?: number;
}

export class CommandExecutor implements Executor {
  readonly name: string;
  private readonly inForce = new Set<string>();
  /** how many times the hook was started, for tests that check nothing ran */
  runs = 0;

  constructor(private readonly o: CommandExecutorOptions) {
    this.name = o.name ?? 'command';
    if (!o.argv.length || !o.argv[0]) throw new ExecutorError('bad_value', `command executor ${this.name}: argv needs at least the program`);
  }

  private async run(event: 'apply' | 'remove', a: Action): Promise<ExecResult> {
    try {
      planAction(a);
    } catch (e) {
      return { ok: false, error: e as ExecutorError };
    }
    const timeoutMs = this.o.timeoutMs ?? 10_000;
    this.runs++;
    const r = await runProcess(this.o.argv, {
      input: JSON.stringify(a) + '\n',
      timeoutMs,
      env: { ...process.env, MAMORI_ACTION_EVENT: event, MAMORI_ACTION_ID: a.id, MAMORI_ACTION_KIND: a.kind },
    });
    const what = `${this.o.argv[0]} (${event} ${a.id})`;
    if (r.spawnError) return { ok: false, error: new ExecutorError('failed', `cannot run ${what}: ${r.spawnError.message}`) };
    if (r.timedOut) return { ok: false, error: new ExecutorError('timeout', `${what} did not finish within ${timeoutMs} ms and was killed`) };
    if (r.code !== 0) return { ok: false, error: new ExecutorError('failed', `${what} exited with ${r.code ?? r.signal}${r.stderr.trim() ? `: ${excerpt(r.stderr)}` : ''}`) };
    return { ok: true, detail: excerpt(r.stdout, 200) || 'exit 0' };
  }

  async apply(a: Action): Promise<ExecResult> {
    const r = await this.run('apply', a);
    if (r.ok) this.inForce.add(a.id);
    return r;
  }

  async remove(a: Action): Promise<ExecResult> {
    const r = await this.run('remove', a);
    if (r.ok) this.inForce.delete(a.id);
    return r;
  }

  async active(): Promise<string[]> {
    return [...this.inForce];
  }

  adopt(ids: readonly string[]): void {
    for (const id of ids) this.inForce.add(id);
  }
}
