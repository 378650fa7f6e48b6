// SSH analyzer (Zeek's SSH analyzer and ssh/main.zeek): banners, KEXINIT negotiation, the server
// host key, HASSH, and Zeek's authentication heuristic from the sizes of encrypted server packets.
import { createHash } from 'node:crypto';
import { parseIp } from '../../net/ip-address.js';
import type { Ssh } from '../../schema/logs/ssh.js';
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { DEFAULT_LOCAL_NETS, LocalNets } from '../flow/local-nets.js';
import {
  bidirectional, clientPreferred, isSshPrefix, MAX_LINE, parseBannerLine, parseHostKey, parseKexInit, parsePacket, protoVersion, type KexInit,
} from './parse.js';

/** Pre-banner lines a server may send before its identification string. */
const MAX_PRE_BANNER_LINES = 50;
/** Bytes held for an unfinished packet before giving up on a direction. */
const MAX_PENDING = 300 * 1024;
/** Zeek's SSH::compression_algorithms: the auth heuristic is meaningless on compressed streams. */
const COMPRESSION_ALGS = new Set(['zlib', 'zlib@openssh.com']);

/** Base64 characters of the SHA256 fingerprint that Zeek logs (its baselines show 32 of the 43). */
const FINGERPRINT_CHARS = 32;

const MSG_KEXINIT = 20;
const MSG_NEWKEYS = 21;
const MSG_KEX_31 = 31;
const MSG_KEX_GEX_REPLY = 33;

const localNets = new LocalNets(DEFAULT_LOCAL_NETS);
function isLocal(addr: string): boolean {
  const ip = parseIp(addr);
  return !!ip && localNets.contains(ip.v6, ip.words[0]!, ip.words[1]!, ip.words[2]!, ip.words[3]!);
}

function detect(orig: Buffer, resp: Buffer): Detection {
  if (isSshPrefix(orig) || isSshPrefix(resp)) return 'yes';
  if (orig.length >= 4) return 'no'; // the client's first bytes are its identification string
  // A server may send text lines before its identification string.
  for (let i = resp.indexOf(0x0a); i >= 0 && i + 1 < resp.length; i = resp.indexOf(0x0a, i + 1)) if (isSshPrefix(resp, i + 1)) return 'yes';
  return resp.length >= MAX_LINE ? 'no' : 'maybe';
}

type Phase = 'banner' | 'packets' | 'encrypted' | 'dead';

class Side {
  phase: Phase = 'banner';
  pending: Buffer | null = null;
  preBannerLines = 0;
  kexinit: KexInit | null = null;
}

class SshAnalyzer implements StreamAnalyzer {
  private readonly orig = new Side();
  private readonly resp = new Side();
  private readonly rec: Ssh;
  private confirmed = false;
  private authDecided = false;
  private serviceAcceptSize = 0;
  private failureSize = 0;
  private authSuccess: boolean | undefined;
  private attempts = 0;
  private logged = false;

  constructor(private readonly ctx: AnalyzerContext) {
    const id = ctx.conn.id;
    this.rec = { ts: ctx.now(), uid: ctx.conn.uid, id, auth_attempts: 0 };
    const lo = isLocal(id.orig_h);
    if (lo !== isLocal(id.resp_h)) this.rec.direction = lo ? 'OUTBOUND' : 'INBOUND';
  }

  data(isOrig: boolean, data: Buffer): void {
    const side = isOrig ? this.orig : this.resp;
    if (side.phase === 'dead') return;
    if (side.phase === 'encrypted') return this.encrypted(isOrig, data.length);
    let buf = data;
    if (side.pending) {
      buf = Buffer.concat([side.pending, data]);
      side.pending = null;
    }
    let off = 0;
    while (off < buf.length && (side.phase as Phase) !== 'dead') {
      if ((side.phase as Phase) === 'encrypted') {
        // Bytes after NEWKEYS in the same delivery: Zeek's parser swallows them without an encrypted-segment event.
        return;
      }
      const rest = buf.subarray(off);
      if (side.phase === 'banner') {
        const r = parseBannerLine(rest);
        if (r.status === 'need-more') break;
        if (r.status === 'malformed') {
          this.ctx.weird(r.anomaly);
          side.phase = 'dead';
          return;
        }
        off += r.consumed;
        if (r.value.isVersion) this.version(isOrig, side, r.value.line);
        else if (isOrig || ++side.preBannerLines > MAX_PRE_BANNER_LINES) {
          side.phase = 'dead';
          if (!this.confirmed) this.violation('no SSH identification string');
          return;
        }
        continue;
      }
      const r = parsePacket(rest);
      if (r.status === 'need-more') break;
      if (r.status === 'malformed') {
        this.ctx.weird(r.anomaly, r.detail);
        side.phase = 'dead';
        if (!this.confirmed) this.violation(r.anomaly);
        return;
      }
      off += r.consumed;
      this.packet(isOrig, side, r.value.msgType, r.value.payload);
    }
    if (off < buf.length && (side.phase as Phase) !== 'dead') {
      if (buf.length - off > MAX_PENDING) {
        this.ctx.weird('SSH_pending_too_large');
        side.phase = 'dead';
        return;
      }
      side.pending = Buffer.from(buf.subarray(off));
    }
  }

  /** Not SSH after all: log what was seen (Zeek logs at connection end regardless), then detach. */
  private violation(reason: string): void {
    this.end();
    this.ctx.violation(reason);
  }

  private version(isOrig: boolean, side: Side, line: string): void {
    if (isOrig) this.rec.client = line;
    else this.rec.server = line;
    side.phase = protoVersion(line) === 1 ? 'dead' : 'packets'; // SSH-1 packets are not analysed
    if (this.rec.client !== undefined && this.rec.server !== undefined) {
      const c = protoVersion(this.rec.client);
      const s = protoVersion(this.rec.server);
      if (c === 2 || s === 2) this.rec.version = 2;
      else if (c === 199 && s === 199) this.rec.version = 2;
      else if (c && s) this.rec.version = 1;
      if (!this.confirmed) {
        this.confirmed = true;
        this.ctx.confirm();
      }
    }
  }

  private packet(isOrig: boolean, side: Side, type: number, payload: Buffer): void {
    if (type === MSG_KEXINIT) {
      const k = parseKexInit(payload);
      if (k.status !== 'ok') return this.ctx.weird(k.status === 'malformed' ? k.anomaly : 'SSH_truncated_kexinit');
      if (side.kexinit) return; // re-keying: Zeek keeps the first negotiation
      side.kexinit = k.value;
      this.hassh(isOrig, k.value);
      if (this.orig.kexinit && this.resp.kexinit) this.negotiate(this.orig.kexinit, this.resp.kexinit);
    } else if (type === MSG_NEWKEYS) {
      side.phase = 'encrypted';
    } else if (!isOrig && (type === MSG_KEX_31 || type === MSG_KEX_GEX_REPLY) && this.rec.host_key === undefined) {
      const gex = (this.rec.kex_alg ?? '').includes('group-exchange');
      if ((type === MSG_KEX_31) === gex) return; // with group exchange, 31 is the group, 33 the reply
      const h = parseHostKey(payload);
      if (h.status !== 'ok') return this.ctx.weird(h.status === 'malformed' ? h.anomaly : 'SSH_truncated_kex_reply');
      if (this.rec.kex_alg === undefined) return; // Zeek cannot parse a reply without the negotiated kex algorithm
      const md5 = createHash('md5').update(h.value).digest('hex');
      this.rec.host_key = md5.replace(/(..)(?!$)/g, '$1:');
      this.rec.host_key_fingerprint = 'SHA256:' + createHash('sha256').update(h.value).digest('base64').slice(0, FINGERPRINT_CHARS);
    }
  }

  private hassh(isOrig: boolean, k: KexInit): void {
    const r = k.raw;
    this.rec.hasshVersion = '1.1';
    if (isOrig) {
      this.rec.hasshAlgorithms = `${r[0]};${r[2]};${r[4]};${r[6]}`;
      this.rec.hassh = createHash('md5').update(this.rec.hasshAlgorithms, 'latin1').digest('hex');
    } else {
      this.rec.hasshServerAlgorithms = `${r[0]};${r[3]};${r[5]};${r[7]}`;
      this.rec.hasshServer = createHash('md5').update(this.rec.hasshServerAlgorithms, 'latin1').digest('hex');
    }
  }

  private negotiate(c: KexInit, s: KexInit): void {
    const set = (k: 'cipher_alg' | 'mac_alg' | 'compression_alg' | 'kex_alg' | 'host_key_alg', v: string | undefined) => {
      if (v !== undefined) this.rec[k] = v;
    };
    set('cipher_alg', bidirectional(c.encC2S, s.encC2S, c.encS2C, s.encS2C));
    set('mac_alg', bidirectional(c.macC2S, s.macC2S, c.macS2C, s.macS2C));
    set('compression_alg', bidirectional(c.cmpC2S, s.cmpC2S, c.cmpS2C, s.cmpS2C));
    set('kex_alg', clientPreferred(c.kex, s.kex));
    set('host_key_alg', clientPreferred(c.hostKey, s.hostKey));
  }

  /** Zeek's SSH_Analyzer::ProcessEncrypted: guesses the authentication outcome from server packet sizes (SSH2 only). */
  private encrypted(isOrig: boolean, len: number): void {
    if (this.authDecided || isOrig || this.rec.version !== 2) return;
    if (!this.serviceAcceptSize) {
      this.serviceAcceptSize = len;
      return;
    }
    if (!this.failureSize && len + 16 === this.serviceAcceptSize) return this.success();
    if (!this.failureSize) {
      this.failureSize = len;
      return;
    }
    if (len === this.failureSize) return this.attempted();
    if (len - this.serviceAcceptSize === -16) this.success();
  }

  private compressed(): boolean {
    return this.rec.compression_alg !== undefined && COMPRESSION_ALGS.has(this.rec.compression_alg);
  }

  private attempted(): void {
    if (this.authSuccess === true) return;
    this.attempts++;
  }

  private success(): void {
    this.authDecided = true;
    this.attempted();
    if (this.authSuccess === true || this.compressed()) return;
    this.authSuccess = true;
  }

  gap(isOrig: boolean): void {
    const side = isOrig ? this.orig : this.resp;
    if (side.phase !== 'encrypted') side.phase = 'dead';
    side.pending = null;
  }

  end(): void {
    if (this.logged) return;
    this.logged = true;
    const r = this.rec;
    if (r.client === undefined && r.server === undefined) return;
    r.auth_attempts = this.attempts;
    if (this.authSuccess !== undefined) r.auth_success = this.authSuccess;
    this.ctx.emit({ type: 'ssh', record: r });
  }
}

export const SSH_ANALYZER: StreamAnalyzerSpec = {
  name: 'ssh',
  detect,
  create: (ctx) => new SshAnalyzer(ctx),
};
