// Attack phases from what a model says of itself: its MITRE ATT&CK techniques (through the tactics
// each belongs to) and its category, and which side of the traffic the breaching device is on.
// ATT&CK discovery is grouped with reconnaissance, and privilege escalation / defense evasion (not
// phases of their own here) give no phase: a technique that is only those leaves the choice to the
// model's other techniques or its category.
import type { Model } from '../models/model-schema.js';
import type { Phase } from '../schema/incident.js';

/**
 * Technique (or sub-technique, which wins over its parent) → the phases of its ATT&CK tactics,
 * first the one that describes it best. Covers every technique of the built-in models and the
 * common ones a user model may name.
 */
const TACTICS: Readonly<Record<string, readonly Phase[]>> = {
  // reconnaissance and discovery
  T1018: ['reconnaissance'], T1046: ['reconnaissance'], T1049: ['reconnaissance'], T1069: ['reconnaissance'],
  T1087: ['reconnaissance'], T1135: ['reconnaissance'], T1595: ['reconnaissance'], T1016: ['reconnaissance'],
  T1033: ['reconnaissance'], T1082: ['reconnaissance'], T1083: ['reconnaissance'], T1482: ['reconnaissance'],
  T1590: ['reconnaissance'], T1592: ['reconnaissance'],
  // initial access
  T1078: ['initial-access', 'persistence'], T1133: ['initial-access', 'persistence'], T1190: ['initial-access'],
  T1200: ['initial-access'], T1566: ['initial-access'], T1189: ['initial-access'], T1195: ['initial-access'],
  T1199: ['initial-access'],
  // execution
  T1047: ['execution'], T1053: ['execution', 'persistence'], T1059: ['execution'], T1072: ['execution', 'lateral-movement'],
  T1203: ['execution'], T1204: ['execution'], T1569: ['execution'],
  // persistence
  T1098: ['persistence'], T1136: ['persistence'], T1505: ['persistence'], T1543: ['persistence'], T1547: ['persistence'],
  // credential access
  T1003: ['credential-access'], T1040: ['credential-access'], T1110: ['credential-access'], T1111: ['credential-access'],
  T1187: ['credential-access'], T1212: ['credential-access'], T1552: ['credential-access'], T1555: ['credential-access'],
  T1556: ['credential-access'], T1557: ['credential-access', 'collection'], T1558: ['credential-access'],
  T1606: ['credential-access'], T1621: ['credential-access'],
  // lateral movement
  T1021: ['lateral-movement'], T1080: ['lateral-movement'], T1210: ['lateral-movement'], T1534: ['lateral-movement'],
  T1550: ['lateral-movement'], T1563: ['lateral-movement'], T1570: ['lateral-movement'],
  // command and control
  T1001: ['command-and-control'], T1008: ['command-and-control'], T1071: ['command-and-control'], T1090: ['command-and-control'],
  T1095: ['command-and-control'], T1102: ['command-and-control'], T1105: ['command-and-control'], T1132: ['command-and-control'],
  T1219: ['command-and-control'], T1568: ['command-and-control'], T1571: ['command-and-control'], T1572: ['command-and-control'],
  T1573: ['command-and-control'],
  // collection
  T1005: ['collection'], T1039: ['collection'], T1074: ['collection'], T1114: ['collection'], T1560: ['collection'],
  // exfiltration
  T1020: ['exfiltration'], T1029: ['exfiltration'], T1030: ['exfiltration'], T1041: ['exfiltration'], T1048: ['exfiltration'],
  T1052: ['exfiltration'], T1567: ['exfiltration'],
  // impact
  T1485: ['impact'], T1486: ['impact'], T1489: ['impact'], T1490: ['impact'], T1496: ['impact'], T1498: ['impact'], T1499: ['impact'],
  // privilege escalation and defense evasion only: no phase of their own
  T1068: [], T1036: [], T1070: [], T1562: [],
};

/** The phase a category is about when its techniques do not settle it. */
const CATEGORY_PHASE: Readonly<Record<Model['category'], Phase>> = {
  'Anomalous Connection': 'command-and-control',
  Compromise: 'command-and-control',
  Device: 'reconnaissance',
  'Lateral Movement': 'lateral-movement',
  Credential: 'credential-access',
  'Unusual Activity': 'collection',
  Compliance: 'command-and-control',
};

/** The phases of one technique id ('T1021.002' → its own entry, else T1021's); [] when unknown. */
export function tacticsOf(technique: string): readonly Phase[] {
  return TACTICS[technique] ?? TACTICS[technique.split('.')[0]!] ?? [];
}

/** Categories that are about one phase whatever their techniques also name (a Credential model naming T1078 is about credentials). */
const DEFINITE: ReadonlySet<string> = new Set(['Lateral Movement', 'Credential', 'Compromise']);

/**
 * A model's phase: the category's phase for the categories that are about one phase (Lateral
 * Movement, Credential, Compromise); for the mixed ones (Device, Anomalous Connection, Unusual
 * Activity, Compliance, user categories) the first phase of its first technique that has one,
 * else the category's phase.
 */
export function phaseOf(category: string, mitre: readonly string[]): Phase {
  const byCategory = CATEGORY_PHASE[category as Model['category']] as Phase | undefined;
  if (byCategory && DEFINITE.has(category)) return byCategory;
  for (const t of mitre) {
    const p = tacticsOf(t)[0];
    if (p) return p;
  }
  return byCategory ?? 'reconnaissance';
}

/** Every phase any of the techniques belongs to (for "data leaving" when exfiltration is not the first). */
export function allPhasesOf(mitre: readonly string[]): Set<Phase> {
  return new Set(mitre.flatMap((t) => tacticsOf(t)));
}

/**
 * Which side the breaching device is on, from the model's filters (all must hold, so they are
 * certain): outbound or internal traffic, or the device originating, means the device is the source
 * (for internal traffic the pipeline attributes an observation to its originator); inbound, or the
 * device answering, means it is the target; anything else is not known.
 */
export type DeviceRole = 'source' | 'target' | 'unknown';

export function deviceRole(model: Pick<Model, 'filters'> | undefined): DeviceRole {
  for (const f of model?.filters ?? []) {
    if ('any' in f) continue;
    if (f.field === 'direction' && f.op === '=') {
      if (f.value === 'outbound' || f.value === 'internal') return 'source';
      if (f.value === 'inbound') return 'target';
    }
    if (f.field === 'device_is_originator' && f.op === '=') return f.value === true ? 'source' : 'target';
  }
  return 'unknown';
}

/**
 * How far along the kill chain a phase is, as a factor on a breach's weight: reconnaissance and
 * initial access are often noise or stopped attempts; lateral movement, exfiltration and impact mean
 * the attacker is already in and acting.
 */
export const PHASE_SEVERITY: Readonly<Record<Phase, number>> = {
  reconnaissance: 0.9,
  'initial-access': 0.95,
  execution: 1,
  persistence: 1,
  'credential-access': 1,
  'lateral-movement': 1.1,
  'command-and-control': 1,
  collection: 1,
  exfiltration: 1.1,
  impact: 1.1,
};
