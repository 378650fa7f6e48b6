// `mamori tune report --db <file>`: the initial-tuning report over the breaches "mamori analyze --db"
// stored: the noisiest models and devices and what to change (thresholds, suppressions), with the
// commands that apply it, in English or Japanese, or as JSON.
import { loadModels } from '../models/library.js';
import { TuningStore } from '../models/tuning-store.js';
import { renderTuningReport, suggestionCommand, tuningReport } from '../models/tuning-report.js';
import { applyOverrides } from '../models/tuning.js';
import { BreachSchema, type Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import { COMMON_OPTIONS, runSubcommand, wantsJson, withStore } from './tuning-args.js';

const USAGE = `usage: mamori tune report --db <file> [--lang en|ja] [--format table|json] [--days N] [--top N] [--models <dir>]

The initial-tuning report, after a learning window (about a week of traffic through
"mamori analyze --db <file>"): the models and devices with the most breaches (count, share,
highest and median score) and suggested changes, with the commands that make them: a model
breaching on most devices at low scores → raise the threshold that lets them through (or set a
minimum score), or suppress it for the peer group that has most of them; a device with most of a
model's breaches → suppress the model for that device. Breaches that the suppressions and
overrides now in force drop are left out.

  --days N     only the last N days of stored breaches (by breach time; default all)
  --top N      rows of noisiest models and devices (default 10)`;

const OPTIONS = { ...COMMON_OPTIONS, days: { type: 'string' }, top: { type: 'string' } } as const;

function positive(v: string | boolean | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0)) throw new ConfigError('bad_option', `${option} takes a positive number, not ${JSON.stringify(v)}`);
  return n;
}

async function report(values: Record<string, string | boolean | undefined>): Promise<number> {
  const json = wantsJson(values['format']);
  const lang = values['lang'] ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw new ConfigError('bad_option', '--lang must be en or ja');
  const days = positive(values['days'], '--days');
  const top = positive(values['top'], '--top');
  const db = values['db'] as string;
  return withStore(db, USAGE, 'existing', async (store) => {
    const tuning = new TuningStore(store);
    const overrides = await tuning.overrides();
    const models = applyOverrides(loadModels(values['models'] as string | undefined), overrides);
    let records = await store.breaches.list();
    if (days !== undefined && records.length) {
      const newest = records[records.length - 1]!.time;
      records = records.filter((r) => r.time >= newest - days * 86_400);
    }
    const breaches: Breach[] = records.map((r) => {
      const b = BreachSchema.safeParse(r.payload);
      if (!b.success) throw new ConfigError('bad_breach', `stored breach ${r.id} is not a breach (${b.error.issues[0]?.path.join('.')}: ${b.error.issues[0]?.message}); was it written by an older Mamori?`);
      return b.data;
    });
    const r = tuningReport(breaches, { models, overrides, suppressions: await tuning.suppressions(), ...(top ? { top: Math.round(top) } : {}) });
    if (json) process.stdout.write(JSON.stringify({ ...r, suggestions: r.suggestions.map((s) => ({ ...s, command: suggestionCommand(s, db) })) }) + '\n');
    else process.stdout.write(renderTuningReport(r, lang, db));
    return 0;
  });
}

export function tuneCommand(argv: string[]): Promise<number> {
  return runSubcommand('tune', argv, USAGE, OPTIONS, { report: { takes: ['db', 'lang', 'format', 'days', 'top', 'models'], run: (p) => report(p.values) } });
}
