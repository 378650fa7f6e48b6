// NTP (Zeek's NTP analyzer and base/protocols/ntp/main.zeek): one ntp.log record per standard
// message (modes 1–5); control (6) and private (7) messages confirm the protocol but are not logged.
import type { Ntp } from '../../schema/logs/ntp.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, Detection, Ports } from '../app/analyzer.js';
import { looksLikeNtp, parseNtp } from './parse.js';

class NtpAnalyzer implements DatagramAnalyzer {
  private confirmed = false;
  constructor(private readonly ctx: AnalyzerContext) {}

  datagram(_isOrig: boolean, data: Buffer): void {
    const r = parseNtp(data);
    if (r.status !== 'ok') {
      if (r.status === 'malformed') this.ctx.weird(r.anomaly, r.detail);
      return;
    }
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    const m = r.value;
    const s = m.std;
    if (!s) return;
    const c = this.ctx.conn;
    const record: Ntp = {
      ts: this.ctx.now(), uid: c.uid, id: c.id, version: m.version, mode: m.mode,
      stratum: s.stratum, poll: s.poll, precision: s.precision, root_delay: s.rootDelay, root_disp: s.rootDisp,
      ref_id: s.refId, ref_time: s.refTime, org_time: s.orgTime, rec_time: s.recTime, xmt_time: s.xmtTime,
      num_exts: s.numExts,
    };
    this.ctx.emit({ type: 'ntp', record });
  }

  end(): void {}
}

export const ntpSpec: DatagramAnalyzerSpec = {
  name: 'ntp',
  detect: (data: Buffer, _isOrig: boolean, ports: Ports): Detection => (looksLikeNtp(data, ports.orig === 123 || ports.resp === 123) ? 'yes' : 'no'),
  create: (ctx: AnalyzerContext) => new NtpAnalyzer(ctx),
};
