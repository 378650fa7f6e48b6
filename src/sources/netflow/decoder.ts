// The entry point: one decoder per collector socket. It keeps the state NetFlow v9 and IPFIX need
// between packets (templates, samplers, boot times, early data) and dispatches on the version.
import { u16 } from './bytes.js';
import { ProblemList, type ProblemReason } from './problems.js';
import { decodeIpfix } from './ipfix.js';
import { fail, type DecodeResult } from './result.js';
import { Session, type SessionOptions } from './session.js';
import { decodeV5 } from './v5.js';
import { decodeV9 } from './v9.js';

export interface DecoderStats {
  payloads: number;
  /** payloads refused whole (bad header, unknown version) */
  refused: number;
  flows: number;
  problems: Partial<Record<ProblemReason, number>>;
}

export class NetflowDecoder {
  readonly session: Session;
  readonly stats: DecoderStats = { payloads: 0, refused: 0, flows: 0, problems: {} };

  constructor(opts: SessionOptions = {}) {
    this.session = new Session(opts);
  }

  /**
   * Decodes one UDP payload from `exporter` (its source address; templates are kept per exporter).
   * Never throws on bytes.
   */
  decode(payload: Uint8Array, exporter: string): DecodeResult {
    const r = decodePayload(payload, exporter, this.session);
    this.stats.payloads++;
    if (r.ok) this.stats.flows += r.flows.length;
    else this.stats.refused++;
    for (const [reason, n] of Object.entries(r.problemCounts) as [ProblemReason, number][]) {
      this.stats.problems[reason] = (this.stats.problems[reason] ?? 0) + n;
    }
    return r;
  }
}

/** Stateless-looking dispatch over an explicit session (for callers that manage their own). */
export function decodePayload(payload: Uint8Array, exporter: string, session: Session): DecodeResult {
  if (payload.length < 2) return fail(undefined, 'truncated_header', `payload of ${payload.length} bytes has no version`, new ProblemList());
  const version = u16(payload, 0);
  switch (version) {
    case 5: return decodeV5(payload, exporter, session);
    case 9: return decodeV9(payload, exporter, session);
    case 10: return decodeIpfix(payload, exporter, session);
    default: return fail(version, 'unsupported_version', `version ${version} is not NetFlow v5, v9 or IPFIX`, new ProblemList());
  }
}
