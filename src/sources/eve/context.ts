// The contract between the reader and the per-event mappers: what a mapper gets (the event, its
// head, shared per-file state) and what it says back (mapped, skipped with a reason, or failed).
import type { ExternalAlert } from '../../schema/external-alert.js';
import type { ObservationRecords } from '../../schema/observation.js';
import type { Originators } from './eve-head.js';

/**
 * Record types EVE input produces: every observation type plus `alert` (ExternalAlert), which is
 * not yet registered as an observation type. Once it is, EveObservation is the same as Observation.
 */
export interface EveRecords extends ObservationRecords {
  alert: ExternalAlert;
}
export type EveObservationType = keyof EveRecords;
export type EveObservation = { [K in EveObservationType]: { type: K; record: EveRecords[K]; extra?: Record<string, unknown> } }[EveObservationType];

/** Where a record came from, so a record emitted later (a DNS query paired with its answer) is quarantined with its own line. */
export interface LineRef {
  line: number;
  raw: string;
}

export interface EveContext {
  /** the line being mapped */
  readonly at: LineRef;
  readonly originators: Originators;
  /** Hands a record on; validation (and quarantine on failure) happen in the reader. */
  emit<K extends EveObservationType>(type: K, record: EveRecords[K], at: LineRef, extra?: Record<string, unknown>): void;
}

export type Outcome =
  | { kind: 'mapped' }
  /** the event is understood but carries nothing Mamori records (an SMB negotiate, a DNS authority-only line) */
  | { kind: 'skipped'; why: string }
  | { kind: 'failed'; reason: string };

export const MAPPED: Outcome = { kind: 'mapped' };
export const skipped = (why: string): Outcome => ({ kind: 'skipped', why });
export const failed = (reason: string): Outcome => ({ kind: 'failed', reason });

/** A mapper for one record-producing event type that keeps state across lines (pairs, aggregates). */
export interface StatefulMapper {
  /** Emits whatever is still held back (end of input). */
  flush(ctx: EveContext): void;
}

/** Drops the oldest entries of an insertion-ordered map beyond `max`, handing each to `evicted`. */
export function trimOldest<K, V>(map: Map<K, V>, max: number, evicted: (v: V) => void): void {
  while (map.size > max) {
    const first = map.entries().next().value!;
    map.delete(first[0]);
    evicted(first[1]);
  }
}
