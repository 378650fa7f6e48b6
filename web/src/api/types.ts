// The API's JSON shapes as the UI reads them (the contract in docs; snake_case as sent). Breach,
// Incident and Action are the shared record types of src/schema, imported as types only.
import type { Action, ActionState } from '../../../src/schema/action';
import type { Breach, Reason } from '../../../src/schema/breach';
import type { AlertLevel, Incident } from '../../../src/schema/incident';

export type { Action, ActionState, AlertLevel, Breach, Incident, Reason };

export type Role = 'viewer' | 'analyst' | 'admin';
export interface User {
  name: string;
  role: Role;
  kind?: 'user' | 'token';
}
export interface Page<T> {
  items: T[];
  total: number;
}
export interface Bilingual {
  en: string;
  ja: string;
}

export interface Comment {
  time: number;
  user: string;
  text: string;
}
export type IncidentStatus = 'open' | 'acknowledged' | 'closed';
export type IncidentView = Incident & {
  status: IncidentStatus;
  comments: Comment[];
  acknowledged_by?: string;
  closed_by?: string;
  close_reason?: string;
};

export interface Source {
  name: string;
  kind: string;
  records: number;
  rate: number;
  lag_s: number;
  drops: number;
  last_error?: string;
}
export interface Status {
  version: string;
  started: number;
  uptime_s: number;
  now: number;
  sources: Source[];
  counts: { devices: number; observations: number; breaches: number; incidents: number; actions_active: number };
  pipeline: { state: 'idle' | 'loading' | 'live'; progress?: number; message?: string };
}

export interface IncidentSummary {
  id: string;
  level: AlertLevel;
  score: number;
  title: Bilingual;
  start: number;
  end: number;
  devices: number;
  breaches: number;
  status: IncidentStatus;
}
export interface Dashboard {
  since: number;
  until: number;
  incidents_by_level: Record<'0' | '1' | '2' | '3', number>;
  breach_timeline: { t: number; count: number; max_score: number }[];
  top_devices: { id: string; ip: string; hostname?: string; breaches: number; max_score: number }[];
  recent_incidents: IncidentSummary[];
  status: Status;
}

export interface Device {
  id: string;
  ip: string;
  ips?: string[];
  mac?: string;
  hostname?: string;
  type?: string;
  peer_group?: string;
  first_seen: number;
  last_seen: number;
  users?: string[];
  connections?: number;
  bytes_in?: number;
  bytes_out?: number;
  breaches?: number;
  max_score?: number;
}
export type FieldValue = string | number | boolean | string[] | number[] | null;
export type FlatRow = Record<string, FieldValue | undefined>;
export interface DevicePage {
  device: Device;
  activity_by_hour: number[];
  volumes: { t: number; bytes_out: number; bytes_in: number }[];
  baseline: { bytes_out_per_hour?: number[]; bytes_in_per_hour?: number[]; connections_per_hour?: number[] };
  connections: FlatRow[];
  breaches: Breach[];
  actions: Action[];
}

export interface GraphNode {
  id: string;
  kind: 'device' | 'external' | 'group';
  label: string;
  ip?: string;
  group?: string;
  threat: number;
}
export interface GraphLink {
  source: string;
  target: string;
  bytes: number;
  connections: number;
}
export interface GraphData {
  nodes: GraphNode[];
  links: GraphLink[];
}

export interface SearchResult {
  types: string[];
  fields: string[];
  rows: FlatRow[];
  total: number;
  took_ms: number;
}
export interface Histogram {
  bucket_s: number;
  buckets: { t: number; count: number }[];
}
export interface TopValues {
  field: string;
  values: { value: unknown; count: number }[];
}

export interface ModelSummary {
  id: string;
  name: Bilingual;
  category: string;
  enabled: boolean;
  priority: number;
  builtin: boolean;
  mitre: string[];
}
export interface ModelDetail {
  model: { id: string; name?: Bilingual; description?: Bilingual; [k: string]: unknown };
  yaml: string;
  tuning?: unknown;
}
export interface Validation {
  ok: boolean;
  errors?: (string | { path?: string; message: string })[];
}

export interface Suppression {
  id: string;
  model?: string;
  device?: string;
  peer_group?: string;
  destination?: string;
  expires: number;
  reason: string;
  created?: number;
  created_by?: string;
}

export interface UserView {
  name: string;
  role: Role;
  disabled: boolean;
  created: number;
  created_by: string;
  password_changed: number;
}
export interface TokenView {
  id: string;
  name: string;
  role: Role;
  created: number;
  created_by: string;
  last_used?: number;
}
export interface AuditEntry {
  ts: number;
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export type StreamEvent =
  | { kind: 'breach'; data: Breach }
  | { kind: 'incident'; data: IncidentView }
  | { kind: 'action'; data: Action }
  | { kind: 'status'; data: Status };
