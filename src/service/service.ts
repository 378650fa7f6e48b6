// `mamori run`: sources running together unattended — watched directories of Zeek logs, live
// interfaces, NetFlow/IPFIX collectors — into one set of normalised logs. Every poll ends in a
// checkpoint (outputs fsynced, then input offsets and output lengths saved atomically), so a restart
// resumes exactly where the last checkpoint left off, and `kill -9` loses nothing acknowledged.
import { createSocket, type Socket } from 'node:dgram';
import type { Server } from 'node:http';
import { CheckpointedLogWriter } from '../output/checkpointed-writer.js';
import type { Observation } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';
import { runSensorOnStream } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { startLiveCapture } from '../sources/live/tcpdump.js';
import { FlowUidGenerator, NetflowDecoder, toConnection } from '../sources/netflow/index.js';
import type { ServiceConfig } from './config.js';
import { DirectoryTailer } from './directory-tailer.js';
import { serveMetrics, type ServiceStatus, type SourceStatus } from './metrics.js';
import { OffsetStore } from './offsets.js';

interface Running {
  status: SourceStatus;
  prevRecords: number;
  poll?: () => boolean;
  stop?: () => Promise<void>;
}

export class Service {
  private readonly store: OffsetStore;
  private readonly writer: CheckpointedLogWriter;
  private readonly tailers: DirectoryTailer[] = [];
  private readonly running: Running[] = [];
  private timer: NodeJS.Timeout | null = null;
  private metrics: Server | null = null;
  private checkpoints = 0;
  private lastCheckpoint = '';
  private readonly started = new Date().toISOString();
  private dirty = false;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly cfg: ServiceConfig,
    private readonly log: (msg: string) => void = () => {},
    /** also sees every accepted observation (the detection runtime) */
    private readonly tap?: (o: Observation) => void,
  ) {
    this.store = new OffsetStore(cfg.state_dir);
    const cp = this.store.load();
    this.writer = new CheckpointedLogWriter(cfg.output.dir, cp.outputs);
    for (const src of cfg.sources) {
      if (src.type === 'directory') {
        const status: SourceStatus = { name: src.name ?? src.path, kind: 'directory', records: 0, quarantined: 0, lag: 0, drops: 0, rate: 0 };
        const tailer = new DirectoryTailer(src.path, src.match, cp.files, {
          observation: (o) => this.accept(o),
          quarantine: (q) => this.quarantine(q),
          rejected: (path, reason) => {
            status.drops++;
            status.lastError = reason;
            this.log(`rejected ${path}: ${reason}`);
          },
        });
        this.tailers.push(tailer);
        this.running.push({
          status,
          prevRecords: 0,
          poll: () => {
            const any = tailer.poll();
            status.records = tailer.records;
            status.quarantined = tailer.quarantined;
            status.lag = tailer.lag;
            return any;
          },
        });
      }
    }
  }

  private accept(o: Observation): void {
    this.writer.write(o);
    this.tap?.(o);
    this.dirty = true;
  }

  private quarantine(q: QuarantinedLine): void {
    this.writer.writeLine('quarantine', JSON.stringify(q));
    this.dirty = true;
  }

  async start(): Promise<void> {
    for (const src of this.cfg.sources) {
      if (src.type === 'interface') this.startInterface(src.name, src.filter, src.netns);
      if (src.type === 'netflow') await this.startNetflow(src.listen, src.name);
    }
    if (this.cfg.metrics) this.metrics = await serveMetrics(this.cfg.metrics.listen, () => this.status());
    this.tick();
    this.timer = setInterval(() => this.tick(), this.cfg.poll_ms);
  }

  private startInterface(iface: string, filter?: string, netns?: string): void {
    const status: SourceStatus = { name: `interface ${iface}`, kind: 'interface', records: 0, quarantined: 0, lag: 0, drops: 0, rate: 0 };
    const live = startLiveCapture({ iface, ...(filter ? { filter } : {}), ...(netns ? { netns } : {}) });
    const flow = { ...DEFAULT_SENSOR_OPTIONS.flow, ...(this.cfg.flow ? { tcpCloseDelay: this.cfg.flow.tcp_close_delay, ignoreChecksums: this.cfg.flow.ignore_checksums } : {}) };
    const localNets = this.cfg.detect?.local_nets;
    const opts = { ...DEFAULT_SENSOR_OPTIONS, flow, ...(localNets ? { localNets } : {}) };
    const done = runSensorOnStream(live.stream, status.name, opts, (o) => {
      status.records++;
      this.accept(o);
    }, true).catch((err: Error) => {
      status.lastError = err.message;
      this.log(`${status.name}: ${err.message}`);
    });
    live.done.catch((err: Error) => {
      status.lastError = err.message;
      this.log(`${status.name}: ${err.message}`);
    });
    this.running.push({ status, prevRecords: 0, stop: async () => {
      live.stop();
      await done;
    } });
  }

  private async startNetflow(listen: string, name?: string): Promise<void> {
    const status: SourceStatus = { name: name ?? `netflow ${listen}`, kind: 'netflow', records: 0, quarantined: 0, lag: 0, drops: 0, rate: 0 };
    const decoder = new NetflowDecoder();
    const uids = new FlowUidGenerator();
    const i = listen.lastIndexOf(':');
    const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
    const sock: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    sock.on('message', (msg, rinfo) => {
      const r = decoder.decode(msg, rinfo.address);
      if (!r.ok) {
        status.drops++;
        status.lastError = r.error;
        return;
      }
      for (const flow of r.flows) {
        const c = toConnection(flow, uids);
        if (!c.ok) continue;
        status.records++;
        this.accept({ type: 'conn', record: c.value.connection });
      }
    });
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(Number(listen.slice(i + 1)), host, () => resolve());
    });
    this.running.push({ status, prevRecords: 0, stop: () => new Promise<void>((r) => sock.close(() => r())) });
  }

  /** One round: read what is new, then checkpoint if anything was accepted. */
  tick(): void {
    for (const r of this.running) r.poll?.();
    for (const r of this.running) {
      r.status.rate = ((r.status.records - r.prevRecords) * 1000) / this.cfg.poll_ms;
      r.prevRecords = r.status.records;
    }
    if (this.dirty) this.checkpoint();
  }

  private checkpoint(): void {
    const outputs = this.writer.checkpoint();
    const files = Object.assign({}, ...this.tailers.map((t) => t.offsets()));
    this.store.save({ files, outputs });
    this.dirty = false;
    this.checkpoints++;
    this.lastCheckpoint = new Date().toISOString();
  }

  status(): ServiceStatus {
    return { started: this.started, checkpoints: this.checkpoints, lastCheckpoint: this.lastCheckpoint, sources: this.running.map((r) => r.status) };
  }

  /** Graceful stop (SIGTERM): stop sources, read what is left, checkpoint, close. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      for (const r of this.running) await r.stop?.();
      this.tick();
      this.checkpoint();
      this.writer.close();
      await new Promise<void>((r) => (this.metrics ? this.metrics.close(() => r()) : r()));
    })();
    return this.stopping;
  }
}
