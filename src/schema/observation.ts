// An observation is one typed record entering the pipeline, tagged with its log type. Every source
// (sensor, Zeek logs, EVE, NetFlow, and later email, SaaS and endpoint feeds) produces these, so no
// later stage knows where a record came from. New kinds are added to the record map, not as side
// channels.
import type { Anomaly } from './anomaly.js';
import type { Connection } from './conn.js';
import type { ExternalAlert } from './external-alert.js';
import type { ProtocolLogRecords } from './logs/index.js';

/** Log type name → record type, for every kind of observation. */
export interface ObservationRecords extends ProtocolLogRecords {
  conn: Connection;
  weird: Anomaly;
  /** an alert another detector (Suricata, …) raised: evidence, tied to its connection by uid */
  alert: ExternalAlert;
}

export type ObservationType = keyof ObservationRecords;

/**
 * A typed record. `extra` keeps columns a source carried that the schema does not know (site
 * fields, labels), so nothing a user logged is dropped.
 */
export type Observation = { [K in ObservationType]: { type: K; record: ObservationRecords[K]; extra?: Record<string, unknown> } }[ObservationType];

export type ConnObservation = Extract<Observation, { type: 'conn' }>;
export type AnomalyObservation = Extract<Observation, { type: 'weird' }>;

/** Receives observations as a stage produces them. */
export type ObservationSink = (obs: Observation) => void;
