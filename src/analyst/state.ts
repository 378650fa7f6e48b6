// The analyst's working records: what it knows of each model, and an open incident as rows of
// (model, device, destination) with the first and strongest breach of each. Incidents are rendered
// from these (scoring.ts, narrative.ts, investigate.ts) whenever they are asked for.
import type { Model } from '../models/model-schema.js';
import type { Breach } from '../schema/breach.js';
import type { Phase } from '../schema/incident.js';
import { allPhasesOf, deviceRole, phaseOf, type DeviceRole } from './phases.js';

type Bilingual = { en: string; ja: string };

export interface ModelInfo {
  id: string;
  name: Bilingual;
  category: string;
  mitre: readonly string[];
  priority: number;
  phase: Phase;
  phases: ReadonlySet<Phase>;
  role: DeviceRole;
  /** dangerous in itself (remote service creation, DCSync …) */
  dangerous: boolean;
  /** a meta-model (`on: [breach]`): it restates other breaches, so it neither leads nor corroborates */
  meta: boolean;
  actions: { en: readonly string[]; ja: readonly string[] };
}

/** Phases whose models describe traffic the device sends, when the filters do not say (beacons, uploads, pushes). */
const SOURCE_PHASES: ReadonlySet<Phase> = new Set(['command-and-control', 'exfiltration', 'lateral-movement', 'execution']);

export function modelInfo(m: Model): ModelInfo {
  const phase = phaseOf(m.category, m.mitre);
  const role = deviceRole(m);
  return {
    id: m.id,
    name: m.name,
    category: m.category,
    mitre: m.mitre,
    priority: m.priority,
    phase,
    phases: allPhasesOf(m.mitre),
    role: role === 'unknown' && SOURCE_PHASES.has(phase) ? 'source' : role,
    dangerous: m.dangerous_in_itself,
    meta: m.on.includes('breach'),
    actions: m.actions,
  };
}

/** A model the builder was not given (a user model loaded elsewhere): what the breach itself says. */
export function modelInfoFromBreach(b: Breach): ModelInfo {
  const phase = phaseOf(b.category, b.mitre);
  return {
    id: b.model,
    name: b.model_name,
    category: b.category,
    mitre: b.mitre,
    priority: b.priority ?? 3,
    phase,
    phases: allPhasesOf(b.mitre),
    role: SOURCE_PHASES.has(phase) ? 'source' : 'unknown',
    dangerous: false,
    meta: false,
    actions: { en: [], ja: [] },
  };
}

export interface DeviceRef {
  id: string;
  ip: string;
  hostname?: string;
  type?: string;
}

export type Destination = NonNullable<Breach['destination']>;

/** One (model, device, destination) of an incident. */
export interface Group {
  model: ModelInfo;
  /** the model's phase, or for a meta-model the phase of the strongest row of its device */
  phase: Phase;
  device: DeviceRef;
  destination?: Destination;
  /** the destination is an address of ours */
  destInternal: boolean;
  first: Breach;
  best: Breach;
  last: number;
  count: number;
  /** credentials the breaches name (new to the device) */
  credentials: string[];
}

export interface OpenIncident {
  id: string;
  start: number;
  end: number;
  groups: Map<string, Group>;
  /** one record per device, shared by its rows, updated when a later breach names it better */
  devices: Map<string, DeviceRef>;
  /** [time, breach id], up to the cap */
  breachIds: [number, string][];
  breachCount: number;
  /** internal hosts reached by lateral movement: ip → first time */
  targets: Map<string, number>;
  /** set when merged into another incident (or closed): index entries pointing here are stale */
  mergedInto?: OpenIncident;
  closed?: boolean;
}

/** The credential a reason names: new-credential metrics say "… used credential X …". */
export function credentialsOf(b: Breach): string[] {
  // the engine names the credential of the observation; reasons add any others they quote
  const out: string[] = b.user ? [b.user] : [];
  for (const r of b.reasons) {
    if (r.counter) continue;
    if ((r.metric === 'new_credential_for_device' || r.metric === 'credential_first_seen_age_days') && r.explanation) {
      const m = /\bcredential (\S+)/.exec(r.explanation);
      if (m && !out.includes(m[1]!)) out.push(m[1]!);
    } else if ((r.metric === 'ntlm.username' || r.metric === 'kerberos.client' || r.metric === 'user') && typeof r.value === 'string' && r.value && !out.includes(r.value)) {
      out.push(r.value);
    }
  }
  return out;
}

/** A device as the texts name it: its first hostname, else its address. */
export function deviceLabel(d: { ip: string; hostname?: string }): string {
  return d.hostname || d.ip;
}

export function destinationLabel(d: Destination | undefined): string {
  if (!d) return '';
  const host = d.hostname || d.ip || '';
  return d.port !== undefined && host ? `${host}:${d.port}` : host || (d.port !== undefined ? `port ${d.port}` : '');
}
