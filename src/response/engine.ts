// The response engine: turns breaches and incidents into actions through the policy and the safety
// rules, runs each action's lifecycle (proposed → awaiting confirmation → active → expired or
// cleared) on event time given by the caller's clock, puts actions in force on the executors, and
// after a restart puts back what the store says is active and removes what is not.
import { randomBytes } from 'node:crypto';
import type { Action, ActionKind, ActionMode, ActionState, ActionTarget } from '../schema/action.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Store } from '../store/index.js';
import { inAny } from './address.js';
import { auditRefusal, commit, isLive, listActions, readAction } from './book.js';
import type { ResponseConfig } from './config.js';
import { formatDuration } from './duration.js';
import { ResponseError } from './errors.js';
import { applyAll, removeAll, summary } from './fan-out.js';
import { dedupKey, proposeForBreach, resolveRules } from './policy.js';
import { restore } from './restore.js';
import { refusal, safetyLists, type SafetyLists } from './safety.js';
import type { Executor, ListQuery, NormalProvider, ResponseControl } from './types.js';

export interface ResponseEngineOptions {
  store: Store;
  config: ResponseConfig;
  executors: Executor[];
  /** epoch seconds; event time in replays, the wall clock by default */
  clock?: () => number;
  normal?: NormalProvider;
  onChange?: (a: Action) => void;
  log?: (m: string) => void;
}

interface Candidate {
  kind: ActionKind;
  mode: ActionMode;
  duration: number;
  target: ActionTarget;
  cause: Action['cause'];
  /** cause part of the duplicate key: the model, or `incident` */
  causeKey: string;
  deviceType?: string;
  refusalTarget: string;
}

const SYSTEM = 'system';
/** how long to wait before trying again to remove an expired action an executor failed to remove */
const REMOVE_RETRY_SECONDS = 60;

export class ResponseEngine implements ResponseControl {
  private readonly store: Store;
  private readonly cfg: ResponseConfig;
  private readonly executors: Executor[];
  private readonly clock: () => number;
  private readonly safety: SafetyLists;
  private readonly live = new Map<string, Action>();
  /** when actions went active, for limits.max_per_hour */
  private activations: number[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly retryAt = new Map<string, number>();
  private closed = false;

  private constructor(private readonly o: ResponseEngineOptions) {
    this.store = o.store;
    this.cfg = o.config;
    this.executors = o.executors;
    this.clock = o.clock ?? (() => Date.now() / 1000);
    this.safety = safetyLists(o.config);
  }

  /** Opens the engine on the store and puts back on the executors what is active (see restore). */
  static async open(o: ResponseEngineOptions): Promise<ResponseEngine> {
    const names = new Set<string>();
    for (const e of o.executors) {
      if (names.has(e.name)) throw new ResponseError('bad_value', `two executors are named "${e.name}"`);
      names.add(e.name);
    }
    const engine = new ResponseEngine(o);
    await engine.serial(async () => {
      const r = await restore(engine.store, engine.executors, (m) => engine.log(m));
      for (const a of r.live) engine.live.set(a.id, a);
      engine.activations = r.activations;
    });
    await engine.tick();
    return engine;
  }

  private log(m: string): void {
    this.o.log?.(m);
  }

  /** One change at a time: a tick never races an analyst's confirm. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ResponseError('bad_state', 'the response engine is closed'));
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private now(): number {
    return this.clock();
  }

  // ─── decisions ────────────────────────────────────────────────────────────────────────────────

  async onBreach(b: Breach): Promise<Action | undefined> {
    return this.serial(async () => {
      // below the bar: no action and no audit line (most breaches are; the audit would drown)
      if (b.score < this.cfg.min_score) return undefined;
      const normal = this.o.normal;
      const p = proposeForBreach(this.cfg, b, normal && ((kind, d) => (kind === 'enforce_pattern_of_life' ? normal.deviceNormal(d.id) : normal.groupNormal(d.peer_group ?? '')).map((x) => ({ ...x }))));
      if (!p.ok) {
        if (p.code !== 'rule_none') await auditRefusal(this.store, this.now(), SYSTEM, b.device.id, p.why, { breach: b.id, model: b.model });
        return undefined;
      }
      if (p.kind.startsWith('enforce_') && p.target.allow) p.target.allow.push(...this.dnsAllow(p.target.allow));
      const device = b.device.hostname ?? b.device.ip;
      return this.propose({
        ...p,
        cause: {
          breach: b.id,
          model: b.model,
          score: b.score,
          text: { en: `${b.model_name.en} (score ${b.score}) on ${device}`, ja: `${b.model_name.ja}（スコア ${b.score}）: ${device}` },
        },
        causeKey: b.model,
        deviceType: b.device.type,
        refusalTarget: b.device.id,
      });
    });
  }

  /** The configured resolvers, so enforcing a pattern of life does not silently cut DNS. */
  private dnsAllow(allow: NonNullable<ActionTarget['allow']>): NonNullable<ActionTarget['allow']> {
    const out: NonNullable<ActionTarget['allow']> = [];
    for (const ip of this.cfg.enforce.dns_servers)
      for (const proto of ['udp', 'tcp'] as const) if (!allow.some((x) => x.ip === ip && x.port === 53 && x.proto === proto)) out.push({ ip, port: 53, proto });
    return out;
  }

  /** Level ≥ quarantine_at_level quarantines the incident's devices; level ≥ block_endpoints_at_level with enough devices blocks its external destinations. */
  async onIncident(i: Incident): Promise<Action[]> {
    return this.serial(async () => {
      const c = this.cfg.incidents;
      const out: Action[] = [];
      const text = (what: string) => ({ en: `level ${i.level} incident ${i.id}: ${i.title.en} (${what})`, ja: `レベル${i.level}のインシデント ${i.id}: ${i.title.ja}（${what}）` });
      if (c.quarantine_at_level !== null && i.level >= c.quarantine_at_level) {
        for (const d of i.devices) {
          const r = resolveRules(this.cfg, { device: d });
          const a = await this.propose({
            kind: 'quarantine_device',
            mode: c.mode ?? r.mode,
            duration: Math.min(c.duration ?? r.duration, this.cfg.max_duration),
            target: { device: { id: d.id, ip: d.ip, ...(d.hostname ? { hostname: d.hostname } : {}) }, direction: c.direction },
            cause: { incident: i.id, score: i.score, text: text(d.hostname ?? d.ip) },
            causeKey: 'incident',
            deviceType: d.type,
            refusalTarget: d.id,
          });
          if (a) out.push(a);
        }
      }
      if (c.block_endpoints_at_level !== null && i.level >= c.block_endpoints_at_level && i.devices.length >= c.min_devices_for_endpoint) {
        for (const x of i.destinations) {
          if (!x.ip || inAny(this.safety.internal, x.ip)) continue; // only external endpoints are candidates
          const a = await this.propose({
            kind: 'block_endpoint',
            mode: c.mode ?? this.cfg.mode,
            duration: Math.min(c.duration ?? this.cfg.default_duration, this.cfg.max_duration),
            target: { destination: { ip: x.ip, ...(x.hostname ? { hostname: x.hostname } : {}) } },
            cause: { incident: i.id, score: i.score, text: text(`${x.hostname ?? x.ip}, reached by ${i.devices.length} devices`) },
            causeKey: 'incident',
            refusalTarget: x.ip,
          });
          if (a) out.push(a);
        }
      }
      return out;
    });
  }

  /** Safety, duplicates and limits, then a new action in the mode's first state. */
  private async propose(c: Candidate): Promise<Action | undefined> {
    const now = this.now();
    const refusedDetails = { kind: c.kind, mode: c.mode, breach: c.cause.breach, incident: c.cause.incident, model: c.cause.model };
    const unsafe = refusal(this.safety, c.kind, c.target, c.deviceType);
    if (unsafe) {
      await auditRefusal(this.store, now, SYSTEM, c.refusalTarget, unsafe, refusedDetails);
      return undefined;
    }
    const key = dedupKey(c.causeKey, c.kind, c.target);
    const same = [...this.live.values()].find((a) => dedupKey(a.cause.model ?? (a.cause.incident ? 'incident' : ''), a.kind, a.target) === key);
    // the same cause and target while its action is live: keep that one. It is not extended, so an
    // action still expires on its own even while the device keeps breaching; if the breaches go on
    // after it expired, a new action is proposed (analysts extend one explicitly).
    if (same) return same;
    // the same block already in force for another cause (two beacon models on one C2): it covers this
    // breach too; a second rule for the same traffic would only be noise in the queue and the table
    const targetKey = dedupKey('', c.kind, c.target);
    const inForce = [...this.live.values()].find((a) => a.state === 'active' && dedupKey('', a.kind, a.target) === targetKey);
    if (inForce && c.mode !== 'passive') return inForce;
    if (c.mode === 'active') {
      const over = this.overLimit(now);
      if (over) {
        await auditRefusal(this.store, now, SYSTEM, c.refusalTarget, over, refusedDetails);
        return undefined;
      }
    }
    const id = `act-${Math.floor(now).toString(36)}-${randomBytes(5).toString('hex')}`;
    const draft: Action = {
      id,
      kind: c.kind,
      mode: c.mode,
      state: 'proposed',
      target: c.target,
      cause: c.cause,
      created: now,
      expires: now + (c.mode === 'confirm' ? this.cfg.confirm_timeout : c.duration),
      duration: c.duration,
      executors: [],
      history: [],
      ...(this.cfg.dry_run ? { dry_run: true } : {}),
    };
    const passive = c.mode === 'passive' ? ` (passive mode: recorded what would have been done for ${formatDuration(c.duration)}; nothing was blocked)` : '';
    let a = this.changed(await commit(this.store, draft, null, { to: 'proposed', by: SYSTEM, why: `${c.cause.text.en}${passive}` }, now));
    if (c.mode === 'confirm') {
      a = this.changed(await commit(this.store, a, 'proposed', { to: 'awaiting_confirmation', by: SYSTEM, why: `confirm mode: an analyst must approve within ${formatDuration(this.cfg.confirm_timeout)}` }, now));
    } else if (c.mode === 'active') {
      a = await this.activate(a, SYSTEM, 'active mode: applied automatically');
    }
    return a;
  }

  private overLimit(now: number): string | undefined {
    const { max_active, max_per_hour } = this.cfg.limits;
    const active = [...this.live.values()].filter((a) => a.state === 'active').length;
    if (active >= max_active) return `${active} actions are active already: limits.max_active is ${max_active}`;
    this.activations = this.activations.filter((t) => t > now - 3600);
    if (this.activations.length >= max_per_hour) return `${this.activations.length} actions went active in the last hour: limits.max_per_hour is ${max_per_hour}`;
    return undefined;
  }

  /** In force for its duration from now (or failed when no executor could put it in force). */
  private async activate(a: Action, by: string, why: string): Promise<Action> {
    const now = this.now();
    const from = a.state;
    const next: Action = { ...a, expires: now + a.duration, dry_run: this.cfg.dry_run || undefined };
    if (!next.dry_run) delete next.dry_run;
    const r = await applyAll(this.executors, next);
    next.executors = r.results;
    const to: ActionState = r.ok ? 'active' : 'failed';
    const detail = next.dry_run ? 'dry run: nothing sent to the executors' : summary(r.results);
    const done = await commit(this.store, next, from, { to, by, why: `${why}; ${detail}` }, now);
    if (to === 'active') this.activations.push(now);
    return this.changed(done);
  }

  private changed(a: Action): Action {
    if (isLive(a)) this.live.set(a.id, a);
    else this.live.delete(a.id);
    try {
      this.o.onChange?.(a);
    } catch (e) {
      this.log(`response: onChange failed: ${(e as Error).message}`);
    }
    return a;
  }

  // ─── time ─────────────────────────────────────────────────────────────────────────────────────

  /** Ends what ran out: active actions are removed from the executors, unconfirmed ones time out. */
  async tick(): Promise<void> {
    return this.serial(async () => {
      const now = this.now();
      for (const a of [...this.live.values()]) {
        if (a.expires > now) continue;
        let why: string;
        let next = a;
        if (a.state === 'active') {
          if ((this.retryAt.get(a.id) ?? 0) > now) continue;
          const r = await removeAll(this.executors, a);
          if (!r.ok) {
            // still in force somewhere: it stays active (and keeps counting against the limits) until
            // every executor has removed it; try again in a minute
            this.retryAt.set(a.id, now + REMOVE_RETRY_SECONDS);
            this.log(`response: ${a.id} ran out but could not be removed everywhere (${summary(r.results)}); trying again in ${REMOVE_RETRY_SECONDS} s`);
            continue;
          }
          this.retryAt.delete(a.id);
          next = { ...a, executors: r.results };
          why = `its time ran out (${formatDuration(a.duration)})${a.dry_run ? '' : `; ${summary(r.results)}`}`;
        } else if (a.state === 'awaiting_confirmation') why = `not confirmed within ${formatDuration(this.cfg.confirm_timeout)}`;
        else why = 'passive: the action would have ended now';
        this.changed(await commit(this.store, next, a.state, { to: 'expired', by: SYSTEM, why }, now));
      }
    });
  }

  // ─── analysts ─────────────────────────────────────────────────────────────────────────────────

  async list(q?: ListQuery): Promise<Action[]> {
    return listActions(this.store, q);
  }

  async get(id: string): Promise<Action | undefined> {
    return this.live.get(id) ?? readAction(this.store, id);
  }

  private async mustGet(id: string, allowed: readonly ActionState[], verb: string): Promise<Action> {
    const a = await this.get(id);
    if (!a) throw new ResponseError('not_found', `there is no action ${JSON.stringify(id)} (see "mamori actions list")`);
    if (!allowed.includes(a.state)) throw new ResponseError('bad_state', `action ${id} is ${a.state}: only ${allowed.join(' or ')} actions can be ${verb}`);
    return a;
  }

  /** Safety and limits again: the config may have changed since the action was proposed. */
  private async checkBeforeActivating(a: Action, by: string): Promise<void> {
    const now = this.now();
    const unsafe = refusal(this.safety, a.kind, a.target);
    if (unsafe) {
      await auditRefusal(this.store, now, by, a.id, unsafe, { kind: a.kind });
      throw new ResponseError('never_act', `action ${a.id} cannot go in force: ${unsafe}`);
    }
    const over = this.overLimit(now);
    if (over) {
      await auditRefusal(this.store, now, by, a.id, over, { kind: a.kind });
      throw new ResponseError('limit_reached', `action ${a.id} cannot go in force: ${over} (clear an action or raise the limit)`);
    }
  }

  confirm(id: string, by: string, why?: string): Promise<Action> {
    return this.serial(async () => {
      const a = await this.mustGet(id, ['awaiting_confirmation', 'proposed'], 'confirmed');
      await this.checkBeforeActivating(a, by);
      return this.activate(a, by, why?.trim() || `confirmed by ${by}`);
    });
  }

  reactivate(id: string, by: string, why?: string): Promise<Action> {
    return this.serial(async () => {
      const a = await this.mustGet(id, ['expired', 'cleared', 'failed'], 'reactivated');
      await this.checkBeforeActivating(a, by);
      return this.activate(a, by, why?.trim() || `reactivated by ${by}`);
    });
  }

  clear(id: string, by: string, why?: string): Promise<Action> {
    return this.serial(async () => {
      const a = await this.mustGet(id, ['proposed', 'awaiting_confirmation', 'active'], 'cleared');
      let next = a;
      let detail = '';
      if (a.state === 'active') {
        const r = await removeAll(this.executors, a);
        if (!r.ok) {
          this.changed(await commit(this.store, { ...a, executors: r.results }, a.state, { to: a.state, by, why: `clearing failed, still active: ${summary(r.results)}`, event: 'clear_failed' }, this.now()));
          throw new ResponseError('executor_failed', `action ${id} could not be removed everywhere and stays active: ${summary(r.results)} (try again, or remove it by hand)`);
        }
        next = { ...a, executors: r.results };
        detail = a.dry_run ? '' : `; ${summary(r.results)}`;
      }
      return this.changed(await commit(this.store, next, a.state, { to: 'cleared', by, why: `${why?.trim() || `cleared by ${by}`}${detail}` }, this.now()));
    });
  }

  extend(id: string, seconds: number, by: string, why?: string): Promise<Action> {
    return this.serial(async () => {
      if (!(Number.isFinite(seconds) && seconds > 0)) throw new ResponseError('bad_value', `an extension must be a positive number of seconds, not ${seconds}`);
      const a = await this.mustGet(id, ['proposed', 'awaiting_confirmation', 'active'], 'extended');
      const now = this.now();
      const cap = now + this.cfg.max_duration;
      const expires = Math.min(a.expires + seconds, cap);
      const capped = expires < a.expires + seconds ? ` (capped at max_duration ${formatDuration(this.cfg.max_duration)} from now)` : '';
      const text = `${why?.trim() || `extended by ${by}`}: +${formatDuration(seconds)}${capped}`;
      return this.changed(await commit(this.store, { ...a, expires: Math.max(a.expires, expires) }, a.state, { to: a.state, by, why: text, event: 'extended' }, now));
    });
  }

  /** Waits for the change in progress. Rules stay in force: they expire through the engine when it runs again. */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
  }
}
