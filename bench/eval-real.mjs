// Evaluation on real labelled data: public captures and logs of attacks (Slips, OTRF Security-Datasets,
// DNS tunnels, Malcolm's plugin captures) go through the whole pipeline exactly as `mamori analyze`
// runs it (sensor or ingest → entities → learning → models). Reports, per scenario, whether a
// relevant model breached on the attack hosts at score ≥ 50, the best relevant score, every model
// that breached on the attack hosts, and false breaches (on benign hosts, benign peers or
// benign-labelled flows) with how many reached 70. What the pipeline observed (types, DCE/RPC
// operations, SMB paths, Kerberos, NTLM, LDAP, …) goes with each row into the JSON. The analyst's
// view follows: incidents per scenario, the level of the attack's incident (the highest level of the
// incidents holding a breach on the attack hosts), incidents at level ≥ 2 holding no attack breach
// (benign activity raised as an incident), and breaches per incident.
// The scenarios (inputs, local networks, attacker/victim hosts and how they were found, relevant
// models) are in bench/eval-real-scenarios.json; the data is read in place from ../shared/data.
// Usage: npx tsc -p tsconfig.build.json && node bench/eval-real.mjs [--only SUBSTR] [--models DIR]
//          [--data DIR] [--details] [--out FILE] [--checksums auto|ignore|validate]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { IncidentBuilder } from '../dist/analyst/index.js';
import { BUILTIN_MODELS_DIR, loadModels } from '../dist/models/library.js';
import { LearnPipeline } from '../dist/pipeline/learn.js';
import { readInputs } from '../dist/pipeline/read-inputs.js';
import { DEFAULT_SENSOR_OPTIONS } from '../dist/sensor/sensor.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    models: { type: 'string' },
    data: { type: 'string', default: join(here, '..', '..', 'shared', 'data') },
    scenarios: { type: 'string', default: join(here, 'eval-real-scenarios.json') },
    out: { type: 'string', default: join(here, 'results', 'eval-real.json') },
    details: { type: 'boolean', default: false },
    // 'auto' is what `mamori analyze` does; 'ignore' shows what offloaded captures hold when no packet is dropped
    checksums: { type: 'string', default: 'auto' },
  },
});
const DATA = args.data;
const log = (s) => process.stderr.write(s + '\n');

const models = loadModels(args.models ?? BUILTIN_MODELS_DIR);
const modelIds = new Set(models.map((m) => m.id));
const scenarios = JSON.parse(readFileSync(args.scenarios, 'utf8')).scenarios.filter(
  (s) => !args.only?.length || args.only.some((o) => s.id.includes(o) || s.dataset === o),
);

// ---------------------------------------------------------------------------------------------
// host sets (addresses or CIDRs)

function hostSet(list = []) {
  const b = new BlockList();
  for (const e of list) {
    const [addr, len] = e.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (len !== undefined) b.addSubnet(addr, Number(len), type);
    else b.addAddress(addr, type);
  }
  return { has: (ip) => typeof ip === 'string' && isIP(ip) !== 0 && b.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4'), size: list.length };
}

// ---------------------------------------------------------------------------------------------
// OTRF metadata: technique and title by the capture's file name in the `files:` links

let otrfMeta = null;
function otrfTechnique(zipPath, metaName) {
  if (otrfMeta === null) {
    otrfMeta = [];
    const dir = join(DATA, 'otrf', '_metadata');
    if (existsSync(dir))
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
        try {
          otrfMeta.push({ file: f, doc: parseYaml(readFileSync(join(dir, f), 'utf8')) });
        } catch (err) {
          log(`  (cannot read ${f}: ${err.message})`);
        }
      }
  }
  const name = metaName ?? basename(zipPath).replace(/\.(zip|tar\.gz|cap|pcap|pcapng)$/, '');
  const stem = (link) => basename(String(link ?? '')).replace(/\.(zip|tar\.gz|cap|pcap|pcapng)$/, '');
  const hit =
    otrfMeta.find((m) => m.doc?.files?.some((f) => stem(f.link) === name)) ??
    otrfMeta.find((m) => m.doc?.files?.some((f) => f.type === 'Network' && stem(f.link).startsWith(name + '_')));
  if (!hit) return null;
  const techniques = (hit.doc.attack_mappings ?? []).map((a) => `${a.technique}${a['sub-technique'] ? '.' + a['sub-technique'] : ''}`);
  return { metadata: hit.file, title: hit.doc.title, techniques };
}

// ---------------------------------------------------------------------------------------------
// labels of labelled Zeek logs (Slips): uid → Benign | Malicious | Unknown

function readLabels(dir) {
  const labels = new Map();
  for (const f of readdirSync(dir).sort()) {
    let fields = null;
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line.startsWith('#fields')) fields = line.split('\t').slice(1);
      if (!fields || !line || line.startsWith('#')) continue;
      const cols = line.split('\t');
      const uid = cols[fields.indexOf('uid')];
      const label = cols[fields.indexOf('label')];
      if (uid && label && !labels.has(uid)) labels.set(uid, label);
    }
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// what the pipeline observed

const TOP = 12;
function detailKey(o) {
  const r = o.record;
  const cut = (s, n) => (s === undefined || s === null ? '-' : String(s).length > n ? String(s).slice(0, n) + '…' : String(s));
  switch (o.type) {
    case 'conn':
      return `${r.proto}/${r.service ?? '-'} ${r.conn_state ?? '-'}`;
    case 'dce_rpc':
      return `${r.endpoint ?? '-'}::${r.operation ?? '-'}${r.named_pipe ? ` pipe=${r.named_pipe}` : ''}`;
    case 'smb_mapping':
      return `${r.path ?? '-'} ${r.share_type ?? ''}`;
    case 'smb_files':
      return `${r.action ?? '-'} ${cut(r.path, 40)} ${cut(r.name, 50)}`;
    case 'kerberos':
      return `${r.request_type ?? '-'} ${r.client ?? '-'} -> ${r.service ?? '-'}${r.success === false ? ` FAIL ${r.error_msg ?? ''}` : ''}${r.cipher ? ` ${r.cipher}` : ''}`;
    case 'ntlm':
      return `${r.domainname ?? '-'}\\${r.username ?? '-'} host=${r.hostname ?? '-'} success=${r.success ?? '-'}`;
    case 'ldap':
      return `${r.opcode ?? '-'} ${r.result ?? '-'} ${cut(r.object, 40)}`;
    case 'ldap_search':
      return `${r.scope ?? '-'} ${cut(r.base_object, 40)} ${cut(r.filter, 60)}`;
    case 'ssh':
      return `client=${cut(r.client, 40)} server=${cut(r.server, 30)} auth_success=${r.auth_success ?? '-'} attempts=${r.auth_attempts ?? '-'}`;
    case 'http':
      return `${r.method ?? '-'} ${cut(r.host, 40)} ua=${cut(r.user_agent, 50)}`;
    case 'ssl':
      return `${r.server_name ?? '(no SNI)'} ${r.validation_status ?? ''}${r.established === false ? ' not-established' : ''}`;
    case 'x509':
      return cut(r['certificate.subject'] ?? r.certificate?.subject, 60);
    case 'dns':
      return `${r.qtype_name ?? '-'} ${r.rcode_name ?? '-'}`;
    case 'weird':
      return r.name;
    case 'alert':
      return cut(r.signature, 70);
    case 'ftp':
      return `${r.command ?? '-'}`;
    case 'smtp':
      return `${cut(r.last_reply, 40)}`;
    case 'rdp':
      return `${r.security_protocol ?? '-'} ${r.result ?? '-'}`;
    case 'files':
      return `${r.source ?? '-'} ${r.mime_type ?? '-'}`;
    case 'software':
      return `${r.software_type ?? '-'} ${cut(r.unparsed_version, 40)}`;
    case 'dhcp':
      return `${(r.msg_types ?? []).join(',')}`;
    default:
      return null;
  }
}

class ObservationSummary {
  types = new Map();
  details = new Map();
  add(o) {
    this.types.set(o.type, (this.types.get(o.type) ?? 0) + 1);
    const k = detailKey(o);
    if (k === null || k === undefined) return;
    let m = this.details.get(o.type);
    if (!m) this.details.set(o.type, (m = new Map()));
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  toJSON() {
    const details = {};
    for (const [t, m] of [...this.details].sort()) details[t] = Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, TOP));
    return { types: Object.fromEntries([...this.types].sort((a, b) => b[1] - a[1])), details };
  }
  short() {
    return [...this.types].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ');
  }
}

// ---------------------------------------------------------------------------------------------
// one scenario

function filesUnder(dir) {
  const out = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

async function runScenario(s) {
  const row = { id: s.id, dataset: s.dataset };
  let tmp = null;
  const t0 = process.hrtime.bigint();
  try {
    // inputs
    let inputs;
    let technique = s.technique ?? null;
    let label = s.label ?? null;
    if (s.zip) {
      const zip = join(DATA, s.zip);
      if (!existsSync(zip)) return { ...row, skipped: `${zip} is absent` };
      const meta = otrfTechnique(zip, s.meta_name);
      if (meta) {
        technique = meta.techniques.join(' ');
        label ??= meta.title;
        row.metadata = meta.metadata + (s.meta_name ? ` (metadata of the ${s.meta_name} variant)` : '');
      }
      tmp = mkdtempSync(join(tmpdir(), 'mamori-eval-real-'));
      execFileSync('unzip', ['-q', '-o', zip, '-d', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
      inputs = filesUnder(tmp).filter((f) => !s.pick || basename(f).includes(s.pick));
      row.inputs = inputs.map((f) => `${s.zip}!${basename(f)}`);
      if (!inputs.length) return { ...row, skipped: `nothing in ${s.zip}${s.pick ? ` matching ${s.pick}` : ''}` };
    } else {
      inputs = s.inputs.map((p) => join(DATA, p));
      const absent = inputs.filter((p) => !existsSync(p));
      if (absent.length) return { ...row, skipped: `${absent.join(', ')} absent` };
      if (!technique && s.dataset === 'otrf') {
        const meta = otrfTechnique(inputs[0]);
        if (meta) technique = meta.techniques.join(' ');
      }
      row.inputs = s.inputs;
    }
    row.label = label ?? '';
    row.technique = technique ?? (label?.match(/\((T\d{4}[^)]*)\)\s*$/)?.[1] ?? '');

    // the pipeline, as `mamori analyze` builds it (cli/analyze.ts + cli/feed-pipeline.ts)
    const localNets = s.localNets;
    const breaches = [];
    const pipeline = new LearnPipeline({
      ...(localNets ? { localNets } : {}),
      models,
      onBreach: (b) => {
        breaches.push(b);
        builder.add(b);
      },
    });
    // the analyst as `mamori analyze` builds it
    const builder = new IncidentBuilder(models, { context: { entities: pipeline.entities, pol: pipeline.pol } });
    const sensor = { ...DEFAULT_SENSOR_OPTIONS, checksums: args.checksums, ...(localNets ? { localNets } : {}) };
    if (args.checksums === 'ignore') sensor.flow = { ...sensor.flow, ignoreChecksums: true };
    const obs = new ObservationSummary();
    const uidEnds = new Map();
    const quarantined = [];
    let summary = null;
    try {
      summary = await readInputs(inputs, {
        sensor,
        onObservation: (o) => {
          obs.add(o);
          const r = o.record;
          if (r.uid && r.id && !uidEnds.has(r.uid)) uidEnds.set(r.uid, [r.id.orig_h, r.id.resp_h]);
          pipeline.push(o);
        },
        onQuarantine: (q) => {
          if (quarantined.length < 5) quarantined.push(`${basename(q.source)}:${q.line} ${q.reason}`);
          else quarantined.push(null);
        },
      });
      pipeline.finish();
    } catch (err) {
      row.error = `${err.name}: ${err.message}`;
      row.error_stack = String(err.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim());
      try {
        pipeline.finish();
      } catch (err2) {
        row.error += ` | finish: ${err2.message}`;
      }
    }

    // classification
    const attackers = hostSet(s.attackers);
    const victims = hostSet(s.victims);
    const c2 = hostSet(s.c2);
    const benignPeers = hostSet(s.benign_peers);
    const labels = s.labels ? readLabels(join(DATA, s.labels)) : null;
    const peersOf = (b) => {
      const ps = new Set();
      if (b.destination?.ip) ps.add(b.destination.ip);
      for (const u of b.uids ?? []) {
        const e = uidEnds.get(u);
        if (e) ps.add(e[0] === b.device.ip ? e[1] : e[0]);
      }
      return [...ps];
    };
    const onAttack = (b) => {
      if (s.benign) return false;
      if (labels) {
        const ls = (b.uids ?? []).map((u) => labels.get(u)).filter(Boolean);
        if (ls.some((l) => l === 'Malicious')) return true;
        if (ls.length && ls.every((l) => l === 'Benign')) return false;
      }
      const peers = peersOf(b);
      if (benignPeers.size && peers.length && peers.every((p) => benignPeers.has(p))) return false;
      if (attackers.has(b.device.ip) || victims.has(b.device.ip)) return true;
      return peers.some((p) => attackers.has(p) || c2.has(p));
    };
    const relevant = s.relevant ?? [];
    const attack = breaches.filter(onAttack);
    const other = breaches.filter((b) => !onAttack(b));
    const rel = attack.filter((b) => relevant.includes(b.model));
    const best = Math.max(0, ...rel.map((b) => b.score));
    const countBy = (bs) => {
      const m = new Map();
      for (const b of bs) {
        const e = m.get(b.model) ?? { n: 0, max: 0 };
        e.n++;
        e.max = Math.max(e.max, b.score);
        m.set(b.model, e);
      }
      return Object.fromEntries([...m].sort((a, b) => b[1].max - a[1].max));
    };

    row.local_nets = localNets ?? 'default';
    row.attackers = s.attackers ?? [];
    row.victims = s.victims ?? [];
    row.c2 = s.c2 ?? [];
    row.how = s.how ?? '';
    row.relevant = relevant;
    row.relevant_missing = relevant.filter((id) => !modelIds.has(id));
    row.detected = s.benign ? '-' : relevant.length === 0 ? 'n/a' : best >= 50 ? 'yes' : 'no';
    row.best_relevant_score = s.benign || relevant.length === 0 ? null : best;
    row.models_on_attack_hosts = countBy(attack);
    row.false_breaches = other.length;
    row.false_breaches_ge_70 = other.filter((b) => b.score >= 70).length;
    row.models_on_benign = countBy(other);
    row.breaches = breaches.length;
    // the analyst: incidents from the same breaches
    const incidents = builder.flush(Infinity);
    const attackIds = new Set(attack.map((b) => b.id));
    const onAttackIncident = (i) => i.breaches.some((id) => attackIds.has(id));
    row.benign = !!s.benign;
    row.incidents = incidents.length;
    row.attack_incident_level = s.benign ? null : incidents.some(onAttackIncident) ? Math.max(...incidents.filter(onAttackIncident).map((i) => i.level)) : null;
    row.attack_incidents = s.benign ? null : incidents.filter(onAttackIncident).length;
    row.benign_incidents_ge_2 = incidents.filter((i) => !onAttackIncident(i) && i.level >= 2).length;
    row.breaches_per_incident = incidents.length ? +(breaches.length / incidents.length).toFixed(1) : null;
    row.incident_list = incidents.map((i) => ({ id: i.id, level: i.level, score: i.score, attack: onAttackIncident(i), title: i.title, breaches: i.breaches.length, devices: i.devices.map((d) => d.ip), phases: i.phases }));
    row.observations = obs.toJSON();
    row.observations_short = obs.short();
    if (summary) {
      row.files = summary.files;
      if (summary.skipped.length) row.skipped_files = summary.skipped.map((f) => f.replace(DATA + '/', '').replace(tmp ?? '\0', ''));
      if (summary.unsupported.size) row.unsupported = Object.fromEntries(summary.unsupported);
    }
    if (quarantined.length) row.quarantined = { count: quarantined.length, first: quarantined.filter(Boolean) };
    // evidence for the analyst: the strongest breaches on either side
    const brief = (b) => ({ model: b.model, score: b.score, device: b.device.ip, destination: b.destination?.ip, time: b.time, reasons: b.reasons.map((r) => `${r.metric}=${r.value}`).join('; ') });
    row.top_attack_breaches = attack.sort((a, b) => b.score - a.score).slice(0, 5).map(brief);
    row.top_false_breaches = other.sort((a, b) => b.score - a.score).slice(0, 5).map(brief);
    if (labels) row.labelled_uids = labels.size;
    return row;
  } catch (err) {
    return { ...row, error: `${err.name}: ${err.message}`, error_stack: String(err.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()) };
  } finally {
    row.seconds = +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const started = process.hrtime.bigint();
const rows = [];
log(`eval-real: ${scenarios.length} scenarios, ${models.length} models from ${args.models ?? BUILTIN_MODELS_DIR}, data ${DATA}`);
for (const [i, s] of scenarios.entries()) {
  process.stderr.write(`[${i + 1}/${scenarios.length}] ${s.id} … `);
  const row = await runScenario(s);
  rows.push(row);
  log(row.skipped ? `skipped: ${row.skipped}` : `${row.seconds} s${row.error ? `  ERROR ${row.error}` : ''}`);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const fmtModels = (m) =>
  Object.entries(m ?? {})
    .map(([id, e]) => `${id.replace(/^[^/]+\//, '')}${e.n > 1 ? `×${e.n}` : ''}(${e.max})`)
    .join(' ');
const cut = (x, n) => (x.length > n ? x.slice(0, n - 1) + '…' : x);
console.table(
  rows.map((r) => ({
    scenario: r.id,
    technique: cut(r.skipped ? '(skipped)' : r.technique || r.label || '', 28),
    attack_hosts: cut([...(r.attackers ?? []), ...(r.victims ?? []).map((v) => '→' + v)].join(' '), 34),
    detected: r.skipped ? 'skipped' : r.error && !r.breaches ? 'error' : r.detected,
    best: r.best_relevant_score ?? '-',
    relevant_exist: r.relevant ? `${r.relevant.length - r.relevant_missing.length}/${r.relevant.length}` : '',
    models_on_attack_hosts: cut(fmtModels(r.models_on_attack_hosts), 60),
    false: r.false_breaches ?? '',
    false_ge_70: r.false_breaches_ge_70 ?? '',
    false_models: cut(fmtModels(r.models_on_benign), 50),
    incidents: r.incidents ?? '',
    attack_level: r.skipped || r.benign ? '-' : (r.attack_incident_level ?? 'none'),
    benign_ge_2: r.benign_incidents_ge_2 ?? '',
    breaches_per_incident: r.breaches_per_incident ?? '-',
  })),
);
console.log('\nobservations per scenario:');
for (const r of rows) {
  if (r.skipped) continue;
  console.log(`  ${r.id}: ${r.observations_short || '(none)'}${r.error ? `\n    ERROR ${r.error}` : ''}`);
  if (args.details)
    for (const [t, m] of Object.entries(r.observations.details)) if (t !== 'conn' && t !== 'dns') console.log(`    ${t}: ${Object.entries(m).map(([k, n]) => `${k} ×${n}`).join(' | ')}`);
}
const done = rows.filter((r) => !r.skipped && !r.benign && r.detected !== 'n/a' && r.detected !== '-');
console.log(
  `\n${rows.length} scenarios (${rows.filter((r) => r.skipped).length} skipped, ${rows.filter((r) => r.error).length} with errors): ` +
    `${done.filter((r) => r.detected === 'yes').length}/${done.length} detected, ` +
    `${rows.reduce((n, r) => n + (r.false_breaches ?? 0), 0)} false breaches (${rows.reduce((n, r) => n + (r.false_breaches_ge_70 ?? 0), 0)} ≥ 70); ` +
    `${models.length} models; ${seconds.toFixed(1)} s`,
);
const ran = rows.filter((r) => !r.skipped);
const attackRows = ran.filter((r) => !r.benign);
const detectedRows = attackRows.filter((r) => r.detected === 'yes');
const atLeast2 = (r) => (r.attack_incident_level ?? -1) >= 2;
const totalBreaches = ran.reduce((n, r) => n + (r.breaches ?? 0), 0);
const totalIncidents = ran.reduce((n, r) => n + (r.incidents ?? 0), 0);
console.log(
  `incidents: ${totalIncidents} from ${totalBreaches} breaches (${totalIncidents ? (totalBreaches / totalIncidents).toFixed(1) : '-'} breaches per incident); ` +
    `attack scenarios with an incident at level ≥ 2: ${attackRows.filter(atLeast2).length}/${attackRows.length} ` +
    `(${detectedRows.filter(atLeast2).length}/${detectedRows.length} of those the models detect; as one incident: ${attackRows.filter((r) => atLeast2(r) && r.attack_incidents === 1).length}); ` +
    `incidents at level ≥ 2 from benign activity: ${ran.reduce((n, r) => n + (r.benign_incidents_ge_2 ?? 0), 0)} in ${ran.filter((r) => r.benign_incidents_ge_2 > 0).length} scenarios`,
);

mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(
  args.out,
  JSON.stringify(
    {
      generated: new Date().toISOString(),
      command: `node bench/eval-real.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      node: process.version,
      models_dir: args.models ?? 'built-in',
      checksums: args.checksums,
      models: [...modelIds].sort(),
      seconds: +seconds.toFixed(1),
      scenarios: rows,
    },
    null,
    2,
  ) + '\n',
);
log(`wrote ${args.out}`);
