// An observation is one typed record entering the pipeline, tagged with its log type. Every source
// (sensor, Zeek logs, EVE, NetFlow, and later email, SaaS and endpoint feeds) produces these, so no
// later stage knows where a record came from. New kinds are added to the union, not as side channels.
import type { Anomaly } from './anomaly.js';
import type { Connection } from './conn.js';

export type ConnObservation = { type: 'conn'; record: Connection };
export type AnomalyObservation = { type: 'weird'; record: Anomaly };

export type Observation = ConnObservation | AnomalyObservation;
export type ObservationType = Observation['type'];

/** Receives observations as a stage produces them. */
export type ObservationSink = (obs: Observation) => void;
