// The nftables executor: a dedicated table (`inet mamori`) with base chains on the configured hooks,
// at a priority before the usual filter chains, whose first rules accept the management addresses
// and ports, so nothing Mamori adds ever cuts management. Each action is a few rules tagged
// `mamori:<id>`, changed through one atomic `nft -f -` script; apply replaces an action's rules
// (idempotent), remove deletes them by handle. close() leaves them in force: the engine expires them.
import type { Action } from '../../schema/action.js';
import { parseAddr, type Addr } from '../address.js';
import { ExecutorError } from '../errors.js';
import type { ExecResult, Executor } from '../types.js';
import { actionRules, commentFor, MANAGEMENT_COMMENT, managementRules, setPrefix } from './nft-script.js';
import { excerpt, runProcess } from './run-process.js';
import { checkId, planAction } from './validate.js';

export interface NftablesOptions {
  name?: string;
  table?: string;
  hooks?: readonly ('forward' | 'input' | 'output')[];
  priority?: number;
  /** run `ip netns exec <netns> nft …` */
  netns?: string;
  nft?: string;
  timeoutMs?: number;
  management?: { ips: readonly string[]; ports: readonly number[] };
}

interface Listed {
  exists: boolean;
  chains: Set<string>;
  rules: { chain: string; handle: number; comment?: string }[];
  sets: Set<string>;
}

const fail = (e: unknown): ExecResult => ({ ok: false, error: e instanceof ExecutorError ? e : new ExecutorError('failed', (e as Error).message, { cause: e }) });

export class NftablesExecutor implements Executor {
  readonly name: string;
  private readonly table: string;
  private readonly hooks: readonly ('forward' | 'input' | 'output')[];
  private readonly priority: number;
  private readonly mgmtIps: Addr[];
  private readonly mgmtPorts: number[];
  private ensured: Promise<void> | undefined;
  /** how many scripts were run (changes made), for tests that check nothing ran */
  runs = 0;

  constructor(private readonly o: NftablesOptions = {}) {
    this.name = o.name ?? 'nftables';
    this.table = o.table ?? 'mamori';
    this.hooks = o.hooks?.length ? o.hooks : ['forward'];
    this.priority = o.priority ?? -10;
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(this.table)) throw new ExecutorError('bad_value', `nftables table name ${JSON.stringify(this.table)} must be lower-case letters, digits and _`);
    if (o.netns !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(o.netns)) throw new ExecutorError('bad_value', `network namespace ${JSON.stringify(o.netns)} must be letters, digits, ., - and _`);
    if (!Number.isInteger(this.priority)) throw new ExecutorError('bad_value', 'the nftables priority must be an integer');
    this.mgmtIps = (o.management?.ips ?? []).map((ip) => {
      const a = parseAddr(ip);
      if (!a) throw new ExecutorError('bad_value', `management address ${JSON.stringify(ip)} is not an address`);
      return a;
    });
    this.mgmtPorts = (o.management?.ports ?? []).map((p) => {
      if (!Number.isInteger(p) || p < 1 || p > 65535) throw new ExecutorError('bad_value', `management port ${p} is not 1–65535`);
      return p;
    });
  }

  private argv(args: string[]): string[] {
    const nft = this.o.nft ?? 'nft';
    return this.o.netns ? ['ip', 'netns', 'exec', this.o.netns, nft, ...args] : [nft, ...args];
  }

  private async nft(args: string[], input?: string): Promise<string> {
    const r = await runProcess(this.argv(args), { timeoutMs: this.o.timeoutMs ?? 10_000, ...(input !== undefined ? { input } : {}) });
    if (r.spawnError) throw new ExecutorError('failed', `cannot run nft (${this.argv([]).join(' ')}): ${r.spawnError.message}`);
    if (r.timedOut) throw new ExecutorError('timeout', `nft did not finish within ${this.o.timeoutMs ?? 10_000} ms`);
    if (r.code !== 0) throw new ExecutorError('failed', `nft ${args.join(' ')} failed (exit ${r.code}): ${excerpt(r.stderr)}`);
    return r.stdout;
  }

  private async script(lines: string[]): Promise<void> {
    this.runs++;
    await this.nft(['-f', '-'], lines.join('\n') + '\n');
  }

  private async list(): Promise<Listed> {
    let out: string;
    try {
      out = await this.nft(['-j', '-a', 'list', 'table', 'inet', this.table]);
    } catch (e) {
      if (e instanceof ExecutorError && /No such file or directory|does not exist/i.test(e.message)) return { exists: false, chains: new Set(), rules: [], sets: new Set() };
      throw e;
    }
    const items = (JSON.parse(out) as { nftables?: Record<string, Record<string, unknown>>[] }).nftables ?? [];
    const l: Listed = { exists: true, chains: new Set(), rules: [], sets: new Set() };
    for (const it of items) {
      if (it['chain']) l.chains.add(String(it['chain']['name']));
      if (it['set']) l.sets.add(String(it['set']['name']));
      const r = it['rule'];
      if (r) l.rules.push({ chain: String(r['chain']), handle: Number(r['handle']), ...(typeof r['comment'] === 'string' ? { comment: r['comment'] } : {}) });
    }
    return l;
  }

  /** The table, its chains and the management rules at the head of each chain, in one script. */
  private ensure(): Promise<void> {
    this.ensured ??= (async () => {
      const l = await this.list();
      const t = `inet ${this.table}`;
      const lines = [`add table ${t}`];
      for (const h of this.hooks) lines.push(`add chain ${t} ${h} { type filter hook ${h} priority ${this.priority}; policy accept; }`);
      for (const r of l.rules) if (r.comment === MANAGEMENT_COMMENT) lines.push(`delete rule ${t} ${r.chain} handle ${r.handle}`);
      for (const h of this.hooks) for (const body of managementRules(h, this.mgmtIps, this.mgmtPorts).reverse()) lines.push(`insert rule ${t} ${h} ${body} comment "${MANAGEMENT_COMMENT}"`);
      await this.script(lines);
    })().catch((e) => {
      this.ensured = undefined; // try again on the next call
      throw e;
    });
    return this.ensured;
  }

  /** Lines deleting an action's rules and sets. */
  private deletions(l: Listed, id: string): string[] {
    const t = `inet ${this.table}`;
    const lines = l.rules.filter((r) => r.comment === commentFor(id)).map((r) => `delete rule ${t} ${r.chain} handle ${r.handle}`);
    for (const s of l.sets) if (s.startsWith(setPrefix(id))) lines.push(`delete set ${t} ${s}`);
    return lines;
  }

  async apply(a: Action): Promise<ExecResult> {
    try {
      const plan = planAction(a);
      await this.ensure();
      const l = await this.list();
      const t = `inet ${this.table}`;
      const want = actionRules(plan);
      const lines = l.rules.filter((r) => r.comment === commentFor(plan.id)).map((r) => `delete rule ${t} ${r.chain} handle ${r.handle}`);
      for (const s of l.sets) if (s.startsWith(setPrefix(plan.id)) && !want.sets.some((w) => w.name === s)) lines.push(`delete set ${t} ${s}`);
      for (const s of want.sets) {
        lines.push(l.sets.has(s.name) ? `flush set ${t} ${s.name}` : `add set ${t} ${s.name} { type ${s.type}; }`);
        if (s.elements.length) lines.push(`add element ${t} ${s.name} { ${s.elements.join(', ')} }`);
      }
      for (const h of this.hooks) for (const body of want.rules) lines.push(`add rule ${t} ${h} ${body} comment "${commentFor(plan.id)}"`);
      await this.script(lines);
      return { ok: true, detail: `${want.rules.length} rule(s) in table ${t}, chains ${this.hooks.join(', ')}` };
    } catch (e) {
      return fail(e);
    }
  }

  async remove(a: Action): Promise<ExecResult> {
    try {
      return await this.removeById(checkId(a?.id));
    } catch (e) {
      return fail(e);
    }
  }

  async removeById(id: string): Promise<ExecResult> {
    try {
      checkId(id);
      const l = await this.list();
      const lines = this.deletions(l, id);
      if (!lines.length) return { ok: true, detail: 'nothing in force' };
      await this.script(lines);
      return { ok: true, detail: `removed from table inet ${this.table}` };
    } catch (e) {
      return fail(e);
    }
  }

  async active(): Promise<string[]> {
    const l = await this.list();
    const ids = new Set<string>();
    for (const r of l.rules) if (r.comment?.startsWith('mamori:') && r.comment !== MANAGEMENT_COMMENT) ids.add(r.comment.slice('mamori:'.length));
    return [...ids];
  }

  /** The table as `nft list table` prints it (for tests and troubleshooting). */
  async listText(): Promise<string> {
    return this.nft(['-a', 'list', 'table', 'inet', this.table]);
  }
}
