// One EVE event → observations: reads the head, dispatches on event_type, and holds the state
// that spans lines (DNS queries waiting for answers, netflow halves, DHCP exchanges, certificates
// already logged, which side started each flow). Usable line by line (live tailing) as well as by
// readEve; call flush() at the end of the input.
import { failed, type EveContext, type EveObservationType, type EveRecords, type LineRef, type Outcome } from './context.js';
import { Originators, readHead, type EveHead } from './eve-head.js';
import type { Json } from './eve-json.js';
import { eveTime } from './eve-time.js';
import { mapAlert } from './map-alert.js';
import { mapAnomaly } from './map-anomaly.js';
import { DhcpMapper } from './map-dhcp.js';
import { DnsMapper } from './map-dns.js';
import { mapFileinfo } from './map-fileinfo.js';
import { DEFAULT_LINK_HEADER_BYTES, mapFlow, NetflowPairer, type ConnMapOptions } from './map-flow.js';
import { mapHttp } from './map-http.js';
import { mapKrb5 } from './map-krb5.js';
import { mapSmb } from './map-smb.js';
import { mapSsh } from './map-ssh.js';
import { TlsMapper } from './map-tls.js';

/** Event types that are read (everything else is counted as unsupported). */
export const MAPPED_EVENT_TYPES = ['flow', 'netflow', 'dns', 'http', 'tls', 'ssh', 'smb', 'dhcp', 'krb5', 'fileinfo', 'anomaly', 'alert'];

export type EmitRecord = <K extends EveObservationType>(type: K, record: EveRecords[K], at: LineRef, extra?: Record<string, unknown>) => void;

export interface EveMapperOptions extends Partial<ConnMapOptions> {}

export class EveMapper {
  readonly originators = new Originators();
  private readonly dns = new DnsMapper();
  private readonly netflow: NetflowPairer;
  private readonly dhcp = new DhcpMapper();
  private readonly tls = new TlsMapper();
  private readonly connOpts: ConnMapOptions;

  constructor(private readonly emitRecord: EmitRecord, opts: EveMapperOptions = {}) {
    this.connOpts = { linkHeaderBytes: opts.linkHeaderBytes ?? DEFAULT_LINK_HEADER_BYTES };
    this.netflow = new NetflowPairer(this.connOpts);
  }

  private context(at: LineRef): EveContext {
    return { at, originators: this.originators, emit: this.emitRecord };
  }

  private readonly handlers = new Map<string, (ev: Json, h: EveHead, ctx: EveContext) => Outcome>([
    ['flow', (ev, h, ctx) => mapFlow(ev, h, ctx, this.connOpts)],
    ['netflow', (ev, h, ctx) => this.netflow.map(ev, h, ctx)],
    ['dns', (ev, h, ctx) => this.dns.map(ev, h, ctx)],
    ['http', mapHttp],
    ['tls', (ev, h, ctx) => this.tls.map(ev, h, ctx)],
    ['ssh', mapSsh],
    ['smb', mapSmb],
    ['dhcp', (ev, h, ctx) => this.dhcp.map(ev, h, ctx)],
    ['krb5', mapKrb5],
    ['fileinfo', mapFileinfo],
    ['anomaly', (ev, h, ctx) => mapAnomaly(ev, h, h.ts, ctx)],
    ['alert', mapAlert],
  ]);

  /** Maps one parsed event (`type` is its event_type). 'unsupported': a type Mamori does not read. */
  map(ev: Json, type: string, at: LineRef): Outcome | 'unsupported' {
    const handler = this.handlers.get(type);
    if (!handler) return 'unsupported';
    const ctx = this.context(at);
    if (type === 'anomaly' && ev.src_ip === undefined && ev.dest_ip === undefined) {
      const ts = eveTime(ev.timestamp);
      return ts === undefined ? failed('anomaly without a valid timestamp') : mapAnomaly(ev, undefined, ts, ctx);
    }
    const h = readHead(ev, at.raw);
    return typeof h === 'string' ? failed(h) : handler(ev, h, ctx);
  }

  /** Emits every record still held back (unanswered DNS queries, lone netflow halves, open DHCP exchanges). */
  flush(): void {
    const ctx = this.context({ line: 0, raw: '' });
    this.dns.flush(ctx);
    this.netflow.flush(ctx);
    this.dhcp.flush(ctx);
  }
}
