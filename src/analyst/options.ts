// The analyst's settings with their defaults, checked once when a builder is made (a threshold out
// of range or out of order is a ConfigError naming the setting, not a silent misbehaviour later).
import { ConfigError } from '../schema/errors.js';
import type { AnalystContext } from './context.js';

export interface LevelThresholds {
  /** incident score from which the level is 1 (watch) */
  watch: number;
  /** … 2 (investigate) */
  investigate: number;
  /** … 3 (urgent), when the incident also holds urgent evidence (see scoring.ts) */
  urgent: number;
}

export interface AnalystOptions {
  /** breaches on one device at most this far apart (event time) join one incident; default 24 h */
  windowSeconds?: number;
  /** how long a shared external destination, credential or lateral-movement target links devices; default 24 h */
  linkWindowSeconds?: number;
  levels?: Partial<LevelThresholds>;
  /** a C2, exfiltration or inside-attack breach at least this strong is urgent evidence; default 80 */
  urgentBreachScore?: number;
  /** a breach of a model dangerous in itself at least this strong makes the incident urgent; default 70 */
  dangerousBreachScore?: number;
  /** breaches below this score do not count as corroboration or as a phase reached; default 50 */
  corroborationMinScore?: number;
  /** offset of the site's time zone from UTC for the texts; default 0 (UTC) */
  utcOffsetSeconds?: number;
  /** whether an address is one of ours (default: the entities' local networks, else private address space) */
  isLocal?: (ip: string) => boolean;
  /** entities and pattern of life for the investigation (LearnPipeline.entities / .pol) */
  context?: AnalystContext;
  /** memory bounds */
  maxOpenIncidents?: number;
  maxBreachIdsPerIncident?: number;
  /** distinct (model, device, destination) rows an incident keeps; past it rows drop the destination */
  maxGroupsPerIncident?: number;
}

export interface ResolvedOptions {
  windowSeconds: number;
  linkWindowSeconds: number;
  levels: LevelThresholds;
  urgentBreachScore: number;
  dangerousBreachScore: number;
  corroborationMinScore: number;
  utcOffsetSeconds: number;
  isLocal: (ip: string) => boolean;
  context: AnalystContext;
  maxOpenIncidents: number;
  maxBreachIdsPerIncident: number;
  maxGroupsPerIncident: number;
}

export const DEFAULT_LEVELS: LevelThresholds = { watch: 35, investigate: 70, urgent: 85 };

export function resolveOptions(o: AnalystOptions = {}): ResolvedOptions {
  const levels = { ...DEFAULT_LEVELS, ...o.levels };
  const r: ResolvedOptions = {
    windowSeconds: o.windowSeconds ?? 86_400,
    linkWindowSeconds: o.linkWindowSeconds ?? 86_400,
    levels,
    urgentBreachScore: o.urgentBreachScore ?? 80,
    dangerousBreachScore: o.dangerousBreachScore ?? 70,
    corroborationMinScore: o.corroborationMinScore ?? 50,
    utcOffsetSeconds: o.utcOffsetSeconds ?? 0,
    isLocal: o.isLocal ?? (o.context?.entities ? (ip) => o.context!.entities!.isLocal(ip) : isPrivateAddress),
    context: o.context ?? {},
    maxOpenIncidents: o.maxOpenIncidents ?? 10_000,
    maxBreachIdsPerIncident: o.maxBreachIdsPerIncident ?? 10_000,
    maxGroupsPerIncident: o.maxGroupsPerIncident ?? 500,
  };
  for (const k of ['windowSeconds', 'linkWindowSeconds', 'maxOpenIncidents', 'maxBreachIdsPerIncident', 'maxGroupsPerIncident'] as const) {
    if (!(r[k] > 0)) throw new ConfigError('bad_analyst_option', `analyst option ${k} must be a positive number (got ${r[k]})`);
  }
  for (const k of ['urgentBreachScore', 'dangerousBreachScore', 'corroborationMinScore'] as const) {
    if (!(r[k] >= 0 && r[k] <= 100)) throw new ConfigError('bad_analyst_option', `analyst option ${k} must be a score from 0 to 100 (got ${r[k]})`);
  }
  if (!(levels.watch >= 0 && levels.watch <= levels.investigate && levels.investigate <= levels.urgent && levels.urgent <= 100)) {
    throw new ConfigError('bad_analyst_option', `analyst levels must satisfy 0 ≤ watch ≤ investigate ≤ urgent ≤ 100 (got ${levels.watch}, ${levels.investigate}, ${levels.urgent})`);
  }
  if (!Number.isFinite(r.utcOffsetSeconds) || Math.abs(r.utcOffsetSeconds) > 14 * 3600) {
    throw new ConfigError('bad_analyst_option', `analyst option utcOffsetSeconds must be within ±14 h (got ${r.utcOffsetSeconds})`);
  }
  return r;
}

/** RFC 1918, CGNAT, link-local, loopback, IPv6 ULA, link-local and loopback: the default "ours". */
export function isPrivateAddress(ip: string): boolean {
  if (ip.includes(':')) {
    const l = ip.toLowerCase();
    return l === '::1' || /^f[cd]/.test(l) || /^fe[89ab]/.test(l);
  }
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !(n >= 0 && n <= 255))) return false;
  const [a, b] = p as [number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
