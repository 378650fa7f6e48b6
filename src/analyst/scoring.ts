// Incident score (0–100) and alert level (0–3), from the incident's rows (model, device,
// destination with their strongest breach).
//
// Score. Each row weighs its strongest breach by how much its model matters and how far along the
// kill chain its phase is:
//     w = breach score × (0.6 + 0.1 × model priority) × phase severity
// (priority 1 → 0.7 … 4 → 1.0, 5 → 1.1; severity 0.9 reconnaissance, 0.95 initial access, 1.1
// lateral movement, exfiltration and impact, 1 otherwise — phases.ts). Then
//     score = min(100, round(peak + 5·min(3, evidence − 1) + 8·min(3, phases − 1) + 5·min(3, devices − 1)))
// where peak is the largest w (capped at 100); evidence the distinct kinds of evidence (the metric or
// field each row's model rests on first: beaconing and TLS beaconing over one beacon score are one)
// and phases the distinct phases, both among rows whose breach reached `corroborationMinScore` (50),
// so independent evidence and kill-chain progression raise the score and weak breaches do not;
// devices counts breaching devices and hosts reached by lateral movement. Meta-models ("many
// breaches on one device") restate their device's other breaches, so they neither lead nor add a
// phase (unless an incident has nothing else); that the breaches came together within the
// meta-model's window counts as one more kind of evidence.
//
// Level. 3 (urgent, compromise very likely) when a model dangerous in itself (remote service
// creation, DCSync, Zerologon, EternalBlue, PsExec, spread of executables over SMB) breached at
// `dangerousBreachScore` (70) or more; or when the score reaches `levels.urgent` (85) and the
// incident holds urgent evidence: a breach of `urgentBreachScore` (80) or more, from a model of
// priority ≥ 3, that is command and control, data leaving (any exfiltration technique), impact, or
// an attack phase (credential access, lateral movement, execution, persistence) aimed inside the
// network. Otherwise 2 (investigate) from `levels.investigate` (70), 1 (watch) from `levels.watch`
// (35), else 0 (normal business seen as unusual). An incident whose models are all of priority ≤ 2
// (informational, policy) stays at 1 or below.
import type { AlertLevel, Phase } from '../schema/incident.js';
import type { ResolvedOptions } from './options.js';
import { PHASE_SEVERITY } from './phases.js';
import type { Group } from './state.js';

/** Why the level is what it is; narrative.ts words it. */
export type LevelReason =
  | { kind: 'dangerous'; group: Group }
  | { kind: 'c2' | 'exfiltration' | 'impact' | 'inside'; group: Group }
  | { kind: 'score' }
  | { kind: 'low-priority' };

export interface Assessment {
  score: number;
  level: AlertLevel;
  reason: LevelReason;
  /** the row the incident is mostly about (largest weight) */
  lead: Group;
  /** the parts of the score, for the report and for tests */
  parts: { peak: number; evidence: number; phases: number; devices: number };
}

const INSIDE_PHASES: ReadonlySet<Phase> = new Set(['credential-access', 'lateral-movement', 'execution', 'persistence']);

/** A row's weight before the cap at 100 (so a priority-5 row leads a priority-4 one of equal score). */
export function weight(g: Group): number {
  return g.best.score * (0.6 + 0.1 * g.model.priority) * PHASE_SEVERITY[g.phase];
}

/**
 * What a row's breach rests on: the metric or field of its model's first holding component. Two
 * models over the same evidence (beaconing and TLS beaconing both on beacon_score) corroborate
 * nothing; different evidence about the same activity does.
 */
export function evidenceOf(g: Group): string {
  return g.best.reasons.find((r) => !r.counter)?.metric ?? g.model.id;
}

const bonus = (n: number, per: number) => per * Math.min(3, Math.max(0, n - 1));

export function assess(groups: readonly Group[], devices: number, o: ResolvedOptions): Assessment {
  if (!groups.length) throw new Error('assess: an incident has at least one row');
  const direct = groups.filter((g) => !g.model.meta);
  const rows = direct.length ? direct : groups;
  let lead = rows[0]!;
  for (const g of rows) if (weight(g) > weight(lead) || (weight(g) === weight(lead) && g.first.time < lead.first.time)) lead = g;
  const counted = rows.filter((g) => g.best.score >= o.corroborationMinScore);
  // a meta-model's breach (several models on one device within its window) is one more kind of evidence: they came together
  const evidence = new Set([...counted, ...groups.filter((g) => g.model.meta && g.best.score >= o.corroborationMinScore)].map(evidenceOf)).size;
  const phases = new Set(counted.map((g) => g.phase)).size;
  const peak = Math.min(100, weight(lead));
  const score = Math.round(Math.min(100, peak + bonus(evidence, 5) + bonus(phases, 8) + bonus(devices, 5)));
  const parts = { peak: Math.round(peak), evidence, phases, devices };

  const strongest = (gs: Group[]) => gs.reduce((a, b) => (b.best.score > a.best.score ? b : a));
  const dangerous = rows.filter((g) => g.model.dangerous && g.best.score >= o.dangerousBreachScore);
  if (dangerous.length) return { score, level: 3, reason: { kind: 'dangerous', group: strongest(dangerous) }, lead, parts };

  const lowPriority = rows.every((g) => g.model.priority <= 2);
  if (!lowPriority && score >= o.levels.urgent) {
    const urgent = urgentEvidence(rows, o);
    if (urgent) return { score, level: 3, reason: urgent, lead, parts };
  }
  let level: AlertLevel = score >= o.levels.investigate ? 2 : score >= o.levels.watch ? 1 : 0;
  if (lowPriority && level > 1) return { score, level: 1, reason: { kind: 'low-priority' }, lead, parts };
  return { score, level, reason: { kind: 'score' }, lead, parts };
}

function urgentEvidence(rows: readonly Group[], o: ResolvedOptions): LevelReason | undefined {
  const strong = rows.filter((g) => g.model.priority >= 3 && g.best.score >= o.urgentBreachScore).sort((a, b) => b.best.score - a.best.score);
  for (const g of strong) {
    if (g.model.phases.has('exfiltration') || g.phase === 'exfiltration') return { kind: 'exfiltration', group: g };
    if (g.phase === 'command-and-control') return { kind: 'c2', group: g };
    if (g.phase === 'impact') return { kind: 'impact', group: g };
    const inside = g.destInternal || (!g.destination?.ip && g.model.role !== 'target');
    if (INSIDE_PHASES.has(g.phase) && inside) return { kind: 'inside', group: g };
  }
  return undefined;
}
