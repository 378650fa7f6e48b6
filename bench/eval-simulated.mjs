// Evaluation on simulated scenarios: one capture per attack (20 devices, 2 days, fixed seed) and one
// benign capture; each goes through sensor → entities → learning → models. Reports, per scenario,
// whether a relevant model breached on the attacking device, the best score, and false breaches
// (breaches on other devices) per benign device-day, with how many reached 70; and what the analyst
// makes of them: incidents, the level of the attack's incident (the highest level of the incidents
// holding a breach on the attacking device), whether benign activity made an incident at level ≥ 2,
// and breaches per incident.
// Usage: npx tsc -p tsconfig.build.json && node bench/eval-simulated.mjs [devices] [days]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentBuilder } from '../dist/analyst/index.js';
import { loadModels } from '../dist/models/library.js';
import { LearnPipeline } from '../dist/pipeline/learn.js';
import { readInputs } from '../dist/pipeline/read-inputs.js';
import { DEFAULT_SENSOR_OPTIONS } from '../dist/sensor/sensor.js';
import { simulate } from '../dist/simulate/simulate.js';

const devices = Number(process.argv[2] ?? 20);
const days = Number(process.argv[3] ?? 2);
const start = Date.parse('2026-11-02T00:00:00Z') / 1000;
const RELEVANT = {
  beacon: ['compromise/beaconing-to-rare-external', 'compromise/self-signed-certificate-to-rare-host'],
  exfil: ['anomalous-connection/data-to-rare-destination'],
  scan: ['device/network-scan', 'device/port-scan'],
  'dns-tunnel': ['compromise/dns-tunnelling'],
  'brute-force': ['credential/ssh-brute-force'],
  'lateral-movement': ['lateral-movement/remote-service-creation', 'lateral-movement/executable-to-admin-share'],
  kerberoast: ['credential/kerberoasting'],
};
const models = loadModels();
const dir = mkdtempSync(join(tmpdir(), 'mamori-eval-'));
const rows = [];
for (const attack of [null, ...Object.keys(RELEVANT)]) {
  const pcap = join(dir, `${attack ?? 'benign'}.pcap`);
  const sim = simulate({ devices, days, seed: 31, attacks: attack ? [attack] : [], start }, pcap);
  const breaches = [];
  const p = new LearnPipeline({
    models,
    onBreach: (b) => {
      breaches.push(b);
      builder.add(b);
    },
  });
  // as `mamori analyze` builds it: the models for phases and actions, entities and pattern of life for the investigation
  const builder = new IncidentBuilder(models, { context: { entities: p.entities, pol: p.pol } });
  await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => p.push(o), onQuarantine: () => undefined });
  p.finish();
  const incidents = builder.flush(Infinity);
  const label = sim.labels[0];
  // brute force and lateral movement involve two inside hosts: the label names the attacked or attacking one
  const attackers = new Set(label ? [label.device, ...(attack === 'brute-force' ? [label.peer] : [])] : []);
  const onAttack = breaches.filter((b) => label && (attackers.has(b.device.ip) || (attack === 'brute-force' && b.destination?.ip === label.device)));
  const relevant = onAttack.filter((b) => RELEVANT[attack]?.includes(b.model));
  const best = Math.max(0, ...relevant.map((b) => b.score));
  const benign = breaches.filter((b) => !onAttack.includes(b));
  const benignDeviceDays = (sim.devices - (label ? 1 : 0)) * days;
  const attackIds = new Set(onAttack.map((b) => b.id));
  const attackIncidents = incidents.filter((i) => i.breaches.some((id) => attackIds.has(id)));
  const benignIncidents = incidents.filter((i) => !attackIncidents.includes(i));
  rows.push({
    scenario: attack ?? 'benign only',
    detected: attack ? (best >= 50 ? 'yes' : 'no') : '-',
    best_score: attack ? best : '-',
    false_breaches_per_device_day: +(benign.length / benignDeviceDays).toFixed(3),
    false_breaches_ge_70: benign.filter((b) => b.score >= 70).length,
    models_on_benign: [...new Set(benign.map((b) => b.model))].join(' '),
    incidents: incidents.length,
    attack_incident_level: attack ? (attackIncidents.length ? Math.max(...attackIncidents.map((i) => i.level)) : 'none') : '-',
    attack_incidents: attack ? attackIncidents.length : '-',
    benign_incident_ge_2: benignIncidents.some((i) => i.level >= 2) ? 'yes' : 'no',
    breaches_per_incident: incidents.length ? +(breaches.length / incidents.length).toFixed(1) : '-',
  });
}
console.table(rows);
