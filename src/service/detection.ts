// What `mamori run` adds to its sources when the config has a `detect` section: live learning, the
// models and the analyst (src/pipeline/live-detector.ts) into the database, the response engine on
// every breach and incident, notifications of incidents, and the API with the Threat Visualizer
// streaming all of it. One clock drives it: every TICK_MS the detector learns what the reorder
// horizon released and the response engine expires and times out its actions.
import type { startApiServer, StatusSnapshot } from '../api/server.js';
import { loadModels } from '../models/library.js';
import { buildNotifiers, Dispatcher, incidentNotification } from '../notify/index.js';
import { LiveDetector } from '../pipeline/live-detector.js';
import { executorsFromConfig, loadResponseConfig, ResponseEngine } from '../response/index.js';
import type { Action } from '../schema/action.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Observation } from '../schema/observation.js';
import { openStore, type Store } from '../store/index.js';
import type { ServiceConfig } from './config.js';
import type { ServiceStatus } from './metrics.js';
import { learnedDirectory, StoreNormalProvider } from './normal-destinations.js';
import { ReportSchedule } from './report-schedule.js';

const TICK_MS = 250;
/** How often what is normal per device is recomputed from the stored connections. */
const NORMAL_REFRESH_SECONDS = 600;

type Published = { kind: 'breach'; data: Breach } | { kind: 'incident'; data: Incident } | { kind: 'action'; data: Action };

export interface DetectionHooks {
  /** every breach, incident and action change, as the API streams them (tests and the latency benchmark listen here) */
  onEvent?(e: Published & { at: number }): void;
}

export class DetectionRuntime {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private readonly levels = new Map<string, number>();
  private constructor(
    readonly store: Store,
    readonly detector: LiveDetector,
    readonly response: ResponseEngine | undefined,
    private readonly api: Awaited<ReturnType<typeof startApiServer>> | undefined,
    private readonly dispatcher: Dispatcher | undefined,
    private readonly normal: StoreNormalProvider,
    private readonly reports: ReportSchedule | undefined,
    private readonly log: (m: string) => void,
  ) {}

  static async open(cfg: ServiceConfig, log: (m: string) => void, hooks: DetectionHooks = {}, status?: () => ServiceStatus): Promise<DetectionRuntime> {
    const detect = cfg.detect!;
    const store = await openStore({ path: detect.db });
    const models = loadModels(detect.models);
    let runtime: DetectionRuntime | undefined;
    const publish = (e: Published) => {
      hooks.onEvent?.({ ...e, at: Date.now() });
      runtime?.api?.publish(e);
    };
    const dispatcher = cfg.notify ? Dispatcher.fromConfig(cfg.notify, store.state, buildNotifiers(cfg.notify)) : undefined;
    await dispatcher?.start();
    const detector = await LiveDetector.open({
      store,
      models,
      ...(detect.local_nets ? { localNets: detect.local_nets } : {}),
      reorderHorizon: detect.reorder_horizon,
      onBreach: (b) => {
        publish({ kind: 'breach', data: b });
        const r = runtime?.response;
        if (r) runtime!.track(r.onBreach(b));
      },
      onIncident: (i) => {
        publish({ kind: 'incident', data: i });
        const r = runtime?.response;
        if (r) runtime!.track(r.onIncident(i));
        runtime?.notifyIncident(i);
      },
    });
    if (detector.resumed) log(`learning goes on from the last checkpoint in ${detect.db}`);
    // what is normal per device and group, for enforce-pattern-of-life actions: from the stored connections
    const normal = new StoreNormalProvider(store, learnedDirectory(detector.entities, detector.pol));
    const response = cfg.response
      ? await (async () => {
          const config = loadResponseConfig(cfg.response!);
          return ResponseEngine.open({ store, config, executors: executorsFromConfig(config), normal, onChange: (a) => publish({ kind: 'action', data: a }), log });
        })()
      : undefined;
    // loaded only when asked for: a headless sensor does not carry the web server
    const api = cfg.api
      ? await (await import('../api/server.js')).startApiServer({
          store,
          ...(response ? { response } : {}),
          models,
          host: cfg.api.listen.slice(0, cfg.api.listen.lastIndexOf(':')).replace(/^\[|\]$/g, ''),
          port: Number(cfg.api.listen.slice(cfg.api.listen.lastIndexOf(':') + 1)),
          ...(status ? { status: () => liveStatus(status()) } : {}),
          log,
        })
      : undefined;
    if (api) {
      log(`Threat Visualizer and API on ${api.url}`);
      if (api.initialAdmin) log(`first admin "${api.initialAdmin.name}", password (shown once): ${api.initialAdmin.password}`);
    }
    const reports = cfg.reports
      ? new ReportSchedule(store, { dir: cfg.reports.dir, times: cfg.reports.times, offset: offsetSeconds(cfg.reports.utc_offset), languages: cfg.reports.languages, formats: cfg.reports.formats }, (n) => void dispatcher?.notify(n), log)
      : undefined;
    runtime = new DetectionRuntime(store, detector, response, api, dispatcher, normal, reports, log);
    runtime.timer = setInterval(() => runtime!.tick(), TICK_MS);
    return runtime;
  }

  observe(o: Observation): void {
    this.detector.push(o);
  }

  /** Incidents are announced when they appear and when their level rises. */
  private notifyIncident(i: Incident): void {
    if (!this.dispatcher) return;
    const before = this.levels.get(i.id);
    if (before !== undefined && i.level <= before) return;
    this.levels.set(i.id, i.level);
    this.track(this.dispatcher.notify(incidentNotification(i)));
  }

  private track(p: Promise<unknown>): void {
    p.catch((err: Error) => this.log(`response/notify: ${err.message}`));
  }

  private tick(): void {
    // one tick at a time: a slow store write delays the next tick instead of piling them up
    this.ticking = this.ticking.then(async () => {
      try {
        const now = Date.now() / 1000;
        await this.detector.tick(now);
        await this.response?.tick();
        if (this.response && now - this.normal.refreshedAt >= NORMAL_REFRESH_SECONDS) await this.normal.refresh(now);
        // a report is not waited for: rendering a PDF must not hold up detection
        this.reports?.tick(now).catch((err: Error) => this.log(`scheduled report: ${err.message}`));
      } catch (err) {
        this.log(`detection tick: ${(err as Error).message}`);
      }
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.reports?.tick(0);
    await this.detector.close();
    await this.response?.close();
    await this.dispatcher?.stop();
    await this.api?.close();
    await this.store.close();
  }
}

/** The service's status as the API shows it. */
function liveStatus(s: ServiceStatus): StatusSnapshot {
  return {
    sources: s.sources.map((x) => ({ name: x.name, kind: x.kind, records: x.records, rate: x.rate, lag_s: x.lag, drops: x.drops, ...(x.lastError ? { last_error: x.lastError } : {}) })),
    pipeline: { state: 'live', message: `${s.checkpoints} checkpoints${s.lastCheckpoint ? `, last ${s.lastCheckpoint}` : ''}` },
  };
}

/** "+09:00" → seconds east of UTC */
function offsetSeconds(v: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(v)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}
