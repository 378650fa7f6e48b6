// Attaches protocol analyzers to connections by content (Zeek's dynamic protocol detection) and
// feeds them: TCP through a per-direction reassembler, UDP datagram by datagram. Connections
// that no analyzer claims stop costing anything after their first bytes.
import type { ConnId } from '../../schema/conn.js';
import type { Observation } from '../../schema/observation.js';
import type { Conn } from '../flow/conn.js';
import { UidGenerator } from '../flow/uid.js';
import {
  DETECTION_BUFFER, DETECTION_DATAGRAMS, type SitePolicy,
  type AnalyzerContext, type DatagramAnalyzer, type DatagramAnalyzerSpec, type Ports, type StreamAnalyzer, type StreamAnalyzerSpec,
} from './analyzer.js';
import { StreamReassembler } from './stream.js';

export interface AnalyzerSet {
  stream: StreamAnalyzerSpec[];
  datagram: DatagramAnalyzerSpec[];
}

export interface AppOutput {
  emit(obs: Observation): void;
  weird(c: Conn, name: string, addl?: string): void;
  /** the 4-tuple of a connection as text */
  connId(c: Conn): ConnId;
}

const EMPTY = Buffer.alloc(0);

/** Marks a connection that no analyzer wants: the hot path returns at once. */
const NONE = 0;

class ConnApp {
  /** detection: chunks in arrival order, bytes seen per side, specs not yet ruled out */
  chunks: { isOrig: boolean; buf: Buffer }[] | null = [];
  origSeen = 0;
  respSeen = 0;
  /** the first bytes of each side, as the detectors see them */
  origHead: Buffer = EMPTY;
  respHead: Buffer = EMPTY;
  streamCandidates: StreamAnalyzerSpec[] | null = null;
  datagramCandidates: DatagramAnalyzerSpec[] | null = null;
  stream: StreamAnalyzer | null = null;
  datagram: DatagramAnalyzer | null = null;
  origStream: StreamReassembler | null = null;
  respStream: StreamReassembler | null = null;
  ctx: AnalyzerContext | null = null;
  detached = false;
  /** analyzers that handed the stream on (STARTTLS): ended with the connection */
  handedOff: StreamAnalyzer[] | null = null;
}

export class AppLayer {
  private readonly ids = new Map<string, UidGenerator>();
  private readonly sharedState = new Map<string, unknown>();
  private now = 0;

  constructor(private readonly analyzers: AnalyzerSet, private readonly out: AppOutput, private readonly policy: SitePolicy = {}) {}

  setTime(t: number): void {
    this.now = t;
  }

  /** TCP payload at relative sequence `seq` (already known to be fully captured). */
  tcpPayload(c: Conn, isOrig: boolean, seq: number, buf: Buffer, off: number, len: number): void {
    if (c.app === NONE) return;
    let app = c.app as ConnApp | null;
    if (!app) {
      if (!this.analyzers.stream.length) return void (c.app = NONE);
      app = new ConnApp();
      app.streamCandidates = [...this.analyzers.stream];
      app.origStream = new StreamReassembler({ data: (b) => this.streamData(c, app!, true, b), gap: (n) => this.streamGap(c, app!, true, n) });
      app.respStream = new StreamReassembler({ data: (b) => this.streamData(c, app!, false, b), gap: (n) => this.streamGap(c, app!, false, n) });
      c.app = app;
    }
    (isOrig ? app.origStream! : app.respStream!).segment(seq, buf.subarray(off, off + len));
  }

  /** The side opposite to `dataIsOrig` acknowledged `relAck` of its peer's data. */
  tcpAcked(c: Conn, dataIsOrig: boolean, relAck: number): void {
    if (c.app === NONE || !c.app) return;
    const app = c.app as ConnApp;
    (dataIsOrig ? app.origStream : app.respStream)?.acked(relAck);
  }

  udpPayload(c: Conn, isOrig: boolean, buf: Buffer, off: number, len: number): void {
    if (c.app === NONE) return;
    let app = c.app as ConnApp | null;
    if (!app) {
      if (!this.analyzers.datagram.length) return void (c.app = NONE);
      app = new ConnApp();
      app.datagramCandidates = [...this.analyzers.datagram];
      c.app = app;
    }
    const data = buf.subarray(off, off + len);
    if (app.datagram) return app.datagram.datagram(isOrig, data);
    // Detect on this datagram.
    const n = isOrig ? ++app.origSeen : ++app.respSeen;
    const ports = this.ports(c);
    const next: DatagramAnalyzerSpec[] = [];
    for (const spec of app.datagramCandidates!) {
      const d = spec.detect(data, isOrig, ports);
      if (d === 'yes') {
        app.chunks = null;
        app.datagramCandidates = null;
        app.ctx = this.context(c, app, spec.name);
        app.datagram = spec.create(app.ctx);
        app.datagram.datagram(isOrig, data);
        return;
      }
      if (d === 'maybe') next.push(spec);
    }
    app.datagramCandidates = next;
    if (!next.length || (n >= DETECTION_DATAGRAMS && (isOrig ? app.respSeen : app.origSeen) >= DETECTION_DATAGRAMS) || n > 2 * DETECTION_DATAGRAMS) c.app = NONE;
  }

  /** The connection ended: analyzers flush and log before conn.log gets the record. */
  finished(c: Conn): void {
    const app = c.app as ConnApp | null;
    if (!app || (c.app as unknown) === NONE) return;
    if (app.stream) {
      app.origStream?.flush();
      app.respStream?.flush();
      if (app.stream) app.stream.end();
    }
    if (app.datagram) app.datagram.end();
    if (app.handedOff) for (const a of app.handedOff) a.end();
    c.app = NONE;
  }

  private streamData(c: Conn, app: ConnApp, isOrig: boolean, buf: Buffer): void {
    if (app.stream) return app.stream.data(isOrig, buf);
    if (app.detached || !app.chunks) return;
    // Still detecting: keep the first bytes of each side and ask the candidates.
    const seen = isOrig ? app.origSeen : app.respSeen;
    if (seen < DETECTION_BUFFER) {
      const take = Buffer.from(buf.subarray(0, DETECTION_BUFFER - seen));
      app.chunks.push({ isOrig, buf: take });
      if (isOrig) {
        app.origSeen += take.length;
        app.origHead = app.origHead.length ? Buffer.concat([app.origHead, take]) : take;
      } else {
        app.respSeen += take.length;
        app.respHead = app.respHead.length ? Buffer.concat([app.respHead, take]) : take;
      }
    }
    const orig = app.origHead;
    const resp = app.respHead;
    const ports = this.ports(c);
    const next: StreamAnalyzerSpec[] = [];
    for (const spec of app.streamCandidates!) {
      const d = spec.detect(orig, resp, ports);
      if (d === 'yes') return this.attach(c, app, spec, buf, isOrig);
      if (d === 'maybe') next.push(spec);
    }
    app.streamCandidates = next;
    if (!next.length || (app.origSeen >= DETECTION_BUFFER && app.respSeen >= DETECTION_BUFFER)) this.giveUp(c, app);
  }

  private attach(c: Conn, app: ConnApp, spec: StreamAnalyzerSpec, current: Buffer, currentIsOrig: boolean): void {
    const chunks = app.chunks!;
    app.chunks = null;
    app.streamCandidates = null;
    app.ctx = this.context(c, app, spec.name);
    app.stream = spec.create(app.ctx);
    // Replay what detection saw, in arrival order; the current chunk may be longer than its kept part.
    const last = chunks.length - 1;
    for (let i = 0; i < chunks.length && app.stream; i++) {
      const ch = chunks[i]!;
      app.stream.data(ch.isOrig, i === last && ch.isOrig === currentIsOrig ? current : ch.buf);
    }
  }

  private giveUp(c: Conn, app: ConnApp): void {
    app.detached = true;
    app.chunks = null;
    app.streamCandidates = null;
    app.stream = null;
    c.app = NONE;
  }

  private streamGap(c: Conn, app: ConnApp, isOrig: boolean, len: number): void {
    if (app.stream) app.stream.gap(isOrig, len);
    else if (app.chunks) this.giveUp(c, app); // a hole before the protocol is known: stop trying
  }

  private ports(c: Conn): Ports {
    return { orig: c.op, resp: c.rp };
  }

  private context(c: Conn, app: ConnApp, name: string): AnalyzerContext {
    const conn = { uid: c.uid, id: this.out.connId(c), proto: c.ipProto === 6 ? ('tcp' as const) : ('udp' as const), start: c.startTime };
    return {
      conn,
      policy: this.policy,
      now: () => this.now,
      emit: (obs) => this.out.emit(obs),
      confirm: (service) => c.addService(service ?? name),
      violation: (reason) => {
        // Finish what the analyzer already understood before detaching it.
        const stream = app.stream;
        const datagram = app.datagram;
        app.stream = null;
        app.datagram = null;
        stream?.end();
        datagram?.end();
        this.out.weird(c, `${name}_protocol_violation`, reason);
        app.detached = true;
        c.app = NONE;
      },
      weird: (n, addl) => this.out.weird(c, n, addl),
      handover: (next) => {
        const spec = this.analyzers.stream.find((a) => a.name === next);
        if (!spec) return this.out.weird(c, 'handover_to_unknown_analyzer', next);
        // The previous analyzer keeps its open records and finishes them when the connection ends.
        if (app.stream) (app.handedOff ??= []).push(app.stream);
        app.ctx = this.context(c, app, spec.name);
        app.stream = spec.create(app.ctx);
      },
      shared: <T,>(key: string, init: () => T): T => {
        if (!this.sharedState.has(key)) this.sharedState.set(key, init());
        return this.sharedState.get(key) as T;
      },
      newId: (prefix) => {
        let g = this.ids.get(prefix);
        if (!g) this.ids.set(prefix, (g = new UidGenerator(0xf11e5 + prefix.charCodeAt(0), prefix)));
        return g.next();
      },
    };
  }
}
