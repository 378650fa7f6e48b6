// POP3, IMAP, IRC and XMPP as far as the sensor needs them today: confirm the service (conn.log)
// and, when the client upgrades the connection with STARTTLS, hand the stream to the TLS analyzer
// so the handshake, certificates and fingerprints are logged (Zeek: service pop3,ssl …).
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { recognise, upgradeGranted, upgradeRequested, type TextProtocol } from './parse.js';

/** Text kept per side while waiting for the upgrade exchange (lines can be split across segments). */
const MAX_TAIL = 2048;

class UpgradeWatcher implements StreamAnalyzer {
  private asked = false;
  private done = false;
  private clientTail = '';
  private serverTail = '';

  constructor(private readonly ctx: AnalyzerContext, private readonly p: TextProtocol) {
    ctx.confirm(p);
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.done) return;
    const text = data.toString('latin1', 0, Math.min(data.length, 4096));
    if (isOrig) {
      this.clientTail = (this.clientTail + text).slice(-MAX_TAIL);
      if (!this.asked && upgradeRequested(this.p, this.clientTail)) {
        this.asked = true;
        this.serverTail = '';
      }
    } else {
      this.serverTail = (this.serverTail + text).slice(-MAX_TAIL);
      if (this.asked && upgradeGranted(this.p, this.serverTail)) {
        this.done = true;
        this.ctx.handover?.('ssl');
      }
    }
  }

  gap(): void {}

  end(): void {}
}

function spec(p: TextProtocol): StreamAnalyzerSpec {
  return {
    name: p,
    detect: (orig: Buffer, resp: Buffer): Detection => {
      const r = recognise(orig, resp);
      if (r === p) return 'yes';
      if (r !== null) return 'no';
      return orig.length + resp.length < 64 ? 'maybe' : 'no';
    },
    create: (ctx) => new UpgradeWatcher(ctx, p),
  };
}

export const POP3_ANALYZER = spec('pop3');
export const IMAP_ANALYZER = spec('imap');
export const IRC_ANALYZER = spec('irc');
export const XMPP_ANALYZER = spec('xmpp');
