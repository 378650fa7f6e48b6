// Observations → entities → pattern of life → metrics: the learning half of the pipeline, shared by
// the CLI and (next) the models stage. Each observation is attributed to an internal device and a
// peer, learned from, and its metrics kept when they stand out (the models stage will turn those
// into breaches; here they are the evidence an analyst can already read).
import { EntityResolver } from '../entities/index.js';
import { metrics, PatternOfLife, type Metric } from '../learning/index.js';
import { ModelEngine, type EvalContext } from '../models/engine.js';
import type { Model } from '../models/model-schema.js';
import type { Breach } from '../schema/breach.js';
import type { Observation } from '../schema/observation.js';
import { ReorderBuffer } from './reorder.js';

export interface LearnOptions {
  localNets?: string[];
  /** how many standout metrics to keep per metric name */
  keep?: number;
  /** detection models to evaluate on every observation (the models stage) */
  models?: Model[];
  /** tuning: false drops a breach (suppressed) before anything else sees it, meta-models included */
  keepBreach?(b: Breach): boolean;
  onBreach?(b: Breach): void;
  /**
   * seconds an observation may arrive late and still be learned in event-time order (default
   * DEFAULT_REORDER_HORIZON, for captures and logs whose connections are logged when they end);
   * a live responder keeps it short and calls advance() with the clock
   */
  reorderHorizon?: number;
  /** after each newly learned observation (not the ones a resume skips): where checkpoints are taken */
  onApplied?(p: LearnPipeline): void;
}

export interface Standout {
  metric: Metric;
  device: string;
  hostname?: string;
  peer: string;
  ts: number;
  uid?: string;
}

/** Metrics worth showing and the value above which they stand out (before confidence). */
const STANDOUT: Partial<Record<string, number>> = {
  beacon_score: 0.6,
  dest_host_rarity: 95,
  dest_ip_rarity: 95,
  ja3_rarity: 95,
  user_agent_rarity: 95,
  device_bytes_out_zscore_hour: 6,
  device_connections_per_hour_zscore: 6,
  device_internal_peers_per_hour_zscore: 6,
  device_ports_per_hour_zscore: 6,
  dns_label_entropy: 4,
  dns_subdomain_count: 200,
};

interface Ids {
  orig_h: string;
  resp_h: string;
}

export class LearnPipeline {
  readonly entities: EntityResolver;
  readonly pol: PatternOfLife;
  /** observations applied so far, after reordering: the replay position a checkpoint records */
  applied = 0;
  /** on a resume, how many applied observations the replayed input starts with that are already learned */
  readonly skip: number;
  private readonly reorder: ReorderBuffer;
  private readonly standouts = new Map<string, Map<string, Standout>>();
  private readonly engine: ModelEngine | null;
  observations = 0;
  breaches = 0;

  constructor(
    private readonly opts: LearnOptions = {},
    restored?: { entities: EntityResolver; pol: PatternOfLife; applied: number },
  ) {
    this.entities = restored?.entities ?? new EntityResolver(opts.localNets ? { localNets: opts.localNets } : {});
    this.pol = restored?.pol ?? new PatternOfLife();
    this.skip = restored?.applied ?? 0;
    this.reorder = new ReorderBuffer((o) => this.apply(o), opts.reorderHorizon);
    this.engine = opts.models ? new ModelEngine(opts.models, opts.keepBreach ? { keep: opts.keepBreach } : {}) : null;
  }

  push(obs: Observation): void {
    this.reorder.push(obs);
  }

  finish(): void {
    this.reorder.flush();
  }

  /** Live input: event time is now `now` even if no observation says so; what is older than the horizon is learned. */
  advance(now: number): void {
    this.reorder.advance(now);
  }

  private apply(obs: Observation): void {
    // a resumed pipeline is fed the same input from the start: what the checkpoint holds is skipped
    if (this.applied++ < this.skip) return;
    this.learn(obs);
    this.opts.onApplied?.(this);
  }

  private learn(obs: Observation): void {
    this.observations++;
    this.entities.observe(obs);
    const r = obs.record as { ts: number; uid?: string; id?: Ids };
    if (!r.id || typeof r.id.orig_h !== 'string') return;
    const e = this.entities;
    const origLocal = e.isLocal(r.id.orig_h);
    const respLocal = e.isLocal(r.id.resp_h);
    if (!origLocal && !respLocal) return; // transit traffic: no device of ours
    const deviceIsOriginator = origLocal;
    const deviceIp = deviceIsOriginator ? r.id.orig_h : r.id.resp_h;
    const peerIp = deviceIsOriginator ? r.id.resp_h : r.id.orig_h;
    // a host talking to itself over loopback is not a device on the network
    if (isLoopback(deviceIp)) return;
    const device = e.deviceFor(deviceIp, r.ts);
    const ctx = {
      device: device?.id ?? `ip:${deviceIp}`,
      peer: peerIp,
      peerIsExternal: !(deviceIsOriginator ? respLocal : origLocal),
      deviceIsOriginator,
      user: userOf(obs),
    };
    this.pol.observe(obs, ctx);
    const ms = metrics(this.pol, obs, ctx);
    if (this.engine?.watches(obs.type)) {
      const endpoint = ctx.peerIsExternal ? e.endpointFor(peerIp) : undefined;
      const evalCtx: EvalContext = {
        deviceId: ctx.device,
        deviceIp,
        device,
        peerIp,
        peerIsExternal: ctx.peerIsExternal,
        peerIsUnicast: e.isUnicast(peerIp),
        deviceIsOriginator,
        orgHistoryDays: (this.pol.lastTs - this.pol.firstTs) / 86_400,
        peerEndpoint: endpoint,
        peerHostname: endpoint?.hostnames[0]?.name,
        destPort: (r.id as { resp_p?: number }).resp_p,
        peerGroup: this.pol.peerGroupOf(ctx.device)?.group,
        user: ctx.user,
      };
      for (const b of this.engine.evaluate(obs, evalCtx, ms)) {
        this.breaches++;
        this.opts.onBreach?.(b);
      }
    }
    for (const m of ms) {
      const threshold = STANDOUT[m.name];
      if (threshold === undefined || m.value < threshold) continue;
      // device-wide metrics (hourly volumes, peers, ports) stand out once per device, not per peer
      const key = m.name.startsWith('device_') ? ctx.device : `${ctx.device}|${peerIp}`;
      let byKey = this.standouts.get(m.name);
      if (!byKey) this.standouts.set(m.name, (byKey = new Map()));
      const prev = byKey.get(key);
      if (!prev || m.value > prev.metric.value) {
        byKey.set(key, { metric: m, device: ctx.device, hostname: device?.hostnames[0]?.name, peer: peerIp, ts: r.ts, uid: r.uid });
      }
    }
  }

  /** The strongest standouts of each metric, strongest first. */
  top(k = this.opts.keep ?? 5): Standout[] {
    const out: Standout[] = [];
    for (const byKey of this.standouts.values()) out.push(...[...byKey.values()].sort((a, b) => b.metric.value - a.metric.value).slice(0, k));
    return out;
  }
}

function userOf(obs: Observation): string | undefined {
  switch (obs.type) {
    case 'kerberos':
      return obs.record.client;
    case 'ntlm':
      return obs.record.username && obs.record.domainname ? `${obs.record.domainname}\\${obs.record.username}` : obs.record.username;
    case 'http':
      return obs.record.username;
    default:
      return undefined;
  }
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}
