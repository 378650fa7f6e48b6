// `mamori models list|show|enable|disable|set|reset`: the detection models as loaded (the built-in
// library or --models) with the overrides kept in the --db store, and changes to those overrides,
// each checked against the model and written to the audit log.
import { loadModels } from '../models/library.js';
import type { Model } from '../models/model-schema.js';
import { TuningStore, type OverrideAction } from '../models/tuning-store.js';
import { applyOverrides, conditionSubject, formatThreshold, globMatch, parseThreshold, type ModelOverride, type Suppression } from '../models/tuning.js';
import { ConfigError } from '../schema/errors.js';
import type { Store } from '../store/index.js';
import { actorName, COMMON_OPTIONS, formatTime, onePositional, runSubcommand, suppressionScope, wantsJson, withStore } from './tuning-args.js';

const USAGE = `usage: mamori models <list|show|enable|disable|set|reset> …

  mamori models list [--models <dir>] [--db <file>] [--format table|json]
      every model: id, category, priority (1 low … 5 critical), enabled (after the overrides kept
      in --db) and MITRE ATT&CK ids
  mamori models show <id> [--models <dir>] [--db <file>] [--lang en|ja]
      one model: what it looks at, its numbered components, description, actions, its override and
      the suppressions in force for it
  mamori models enable|disable <id> --db <file> [--by <name>] [--models <dir>]
  mamori models set <id> --component <n> --value <v> --db <file> [--by <name>] [--models <dir>]
      a component's threshold (n as numbered by "show"; a number for > >= < <=, a,b,c for in/not-in)
  mamori models set <id> --min-score <0-100> --db <file> [--by <name>] [--models <dir>]
      drop the model's breaches scoring below this
  mamori models reset <id> --db <file> [--by <name>]
      remove the model's override: the library's definition applies again

Overrides are kept in the database (the one "mamori analyze --db" uses) and apply to every later
run; each change goes to its audit log with who made it (--by, default the user running mamori).`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  component: { type: 'string' },
  value: { type: 'string' },
  'min-score': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** The loaded models with the stored overrides (when there is a --db). */
async function tunedModels(values: Values, store: Store | undefined): Promise<{ models: Model[]; overrides: ModelOverride[]; suppressions: Suppression[] }> {
  const loaded = loadModels(values['models'] as string | undefined);
  if (!store) return { models: loaded, overrides: [], suppressions: [] };
  const t = new TuningStore(store);
  const overrides = await t.overrides();
  return { models: applyOverrides(loaded, overrides), overrides, suppressions: await t.suppressions() };
}

/** Runs `fn` with the store when --db is given (it must exist: these only read), else without. */
function maybeStore<T>(values: Values, fn: (store: Store | undefined) => Promise<T>): Promise<T> {
  return values['db'] === undefined ? fn(undefined) : withStore(values['db'], USAGE, 'existing', fn);
}

function overrideText(o: ModelOverride | undefined): string {
  if (!o) return '';
  const parts = Object.entries(o.thresholds ?? {}).map(([i, v]) => `component ${i} = ${formatThreshold(v)}`);
  if (o.min_score !== undefined) parts.push(`min score ${o.min_score}`);
  if (o.enabled !== undefined) parts.push(o.enabled ? 'enabled' : 'disabled');
  return parts.join(', ');
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

async function list(values: Values): Promise<number> {
  const json = wantsJson(values['format']);
  const { models, overrides } = await maybeStore(values, (s) => tunedModels(values, s));
  const byModel = new Map(overrides.map((o) => [o.model, o]));
  if (json) {
    for (const m of models) {
      const o = byModel.get(m.id);
      process.stdout.write(JSON.stringify({ id: m.id, name: m.name, category: m.category, priority: m.priority, enabled: m.enabled, mitre: m.mitre, ...(o ? { override: o } : {}) }) + '\n');
    }
    return 0;
  }
  const rows = [['id', 'category', 'priority', 'enabled', 'MITRE', 'override']];
  for (const m of models) rows.push([m.id, m.category, String(m.priority), m.enabled ? 'yes' : 'no', m.mitre.join(' ') || '-', overrideText(byModel.get(m.id))]);
  process.stdout.write(pad(rows));
  return 0;
}

function findModel(models: readonly Model[], id: string): Model {
  const m = models.find((x) => x.id === id);
  if (!m) throw new ConfigError('unknown_model', `there is no model ${id} (see "mamori models list"${models.length ? '' : '; no models were loaded'})`);
  return m;
}

async function show(values: Values, id: string): Promise<number> {
  const lang = values['lang'] ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw new ConfigError('bad_option', '--lang must be en or ja');
  const { models, overrides, suppressions } = await maybeStore(values, (s) => tunedModels(values, s));
  const m = findModel(models, id);
  const o = overrides.find((x) => x.model === id);
  const library = findModel(loadModels(values['models'] as string | undefined), id);
  const condition = (c: object & { op: string; value: unknown }) => `${conditionSubject(c)} ${c.op} ${formatThreshold(c.value)}`;
  const out = [
    `${m.id} — ${m.name[lang]}`,
    `${m.category}, priority ${m.priority}, MITRE ${m.mitre.join(' ') || '-'}, ${m.enabled ? 'enabled' : 'disabled'}`,
    `looks at ${m.on.join(', ')}; one breach per ${m.per === 'device' ? 'device' : 'device and destination'} at most every ${m.throttle_seconds} s${m.dangerous_in_itself ? '; dangerous in itself (confidence does not lower the score)' : ''}`,
  ];
  if (m.filters.length) {
    out.push('filters (all hold):');
    for (const f of m.filters) out.push('  ' + ('any' in f ? `any of: ${(f.any as (object & { op: string; value: unknown })[]).map(condition).join(' | ')}` : condition(f)));
  }
  out.push('components (number: condition, weight):');
  m.components.forEach((c, i) => {
    const was = library.components[i]!.value;
    const changed = formatThreshold(was) !== formatThreshold(c.value) ? `  [override; library: ${formatThreshold(was)}]` : '';
    out.push(`  ${i}: ${condition(c)}  (weight ${c.weight}${c.required ? ', required' : ''})${changed}`);
  });
  if (o?.min_score !== undefined) out.push(`min score: ${o.min_score} [override]`);
  out.push('', m.description[lang], '', ...m.actions[lang].map((a) => `- ${a}`));
  const now = Date.now() / 1000;
  const mine = suppressions.filter((s) => s.expires > now && (s.model === undefined || globMatch(s.model, id)));
  if (mine.length) {
    out.push('', 'suppressions in force:');
    for (const s of mine) out.push(`  ${s.id}  ${suppressionScope(s)} until ${formatTime(s.expires)} — ${s.reason} (${s.created_by})`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

async function change(values: Values, id: string, action: OverrideAction, make: (m: Model) => ModelOverride): Promise<number> {
  return withStore(values['db'], USAGE, 'create', async (store) => {
    const models = loadModels(values['models'] as string | undefined);
    const o = make(findModel(models, id));
    const after = await new TuningStore(store).changeOverride(models, o, actorName(values['by']), action);
    process.stdout.write(`${id}: ${overrideText(after)} (audited)\n`);
    return 0;
  });
}

function setChange(values: Values, m: Model): ModelOverride {
  const component = values['component'];
  const minScore = values['min-score'];
  if ((component === undefined) === (minScore === undefined)) throw new ConfigError('missing_option', `give --component <n> --value <v>, or --min-score <0-100>\n${USAGE}`);
  if (typeof minScore === 'string') {
    const n = Number(minScore);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new ConfigError('bad_option', `--min-score takes a whole number from 0 to 100, not "${minScore}"`);
    return { model: m.id, min_score: n };
  }
  if (typeof component !== 'string' || !/^\d+$/.test(component)) throw new ConfigError('bad_option', `--component takes a component number (0, 1, … as "mamori models show ${m.id}" lists them)`);
  if (typeof values['value'] !== 'string') throw new ConfigError('missing_option', `--value <v> is required with --component\n${USAGE}`);
  return { model: m.id, thresholds: { [String(Number(component))]: parseThreshold(m, String(Number(component)), values['value']) } };
}

export function modelsCommand(argv: string[]): Promise<number> {
  const target = (p: { positionals: string[] }) => onePositional(p, 'model id', USAGE);
  const write = ['db', 'by', 'models'];
  return runSubcommand('models', argv, USAGE, OPTIONS, {
    list: { takes: ['models', 'db', 'format'], run: (p) => list(p.values) },
    show: { takes: ['models', 'db', 'lang'], run: (p) => show(p.values, target(p)) },
    enable: { takes: write, run: (p) => change(p.values, target(p), 'model.enable', (m) => ({ model: m.id, enabled: true })) },
    disable: { takes: write, run: (p) => change(p.values, target(p), 'model.disable', (m) => ({ model: m.id, enabled: false })) },
    set: { takes: [...write, 'component', 'value', 'min-score'], run: (p) => change(p.values, target(p), 'model.set', (m) => setChange(p.values, m)) },
    reset: {
      takes: ['db', 'by'],
      run: (p) =>
        withStore(p.values['db'], USAGE, 'existing', async (store) => {
          const id = target(p);
          const had = await new TuningStore(store).resetOverride(id, actorName(p.values['by']));
          process.stdout.write(had ? `${id}: override removed, the library's definition applies (audited)\n` : `${id} had no override\n`);
          return 0;
        }),
    },
  });
}
