// `mamori report <incident-id|daily|monthly> --db <file>`: an incident report, the daily (or any
// period's) report, or the monthly summary with charts, in English or Japanese, as text, HTML or
// PDF, from what "mamori analyze --db" stored.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { htmlToPdf, incidentReport, loadEvidence, loadIncident, loadPeriod, periodReport, recentIncidents, renderHtml, renderText, type PeriodKind, type ReportDoc } from '../report/index.js';
import { ConfigError } from '../schema/errors.js';
import type { Store } from '../store/index.js';
import { withStore } from './tuning-args.js';

const USAGE = `usage: mamori report <incident-id|daily|monthly> --db <file> [--lang en|ja] [--format text|html|pdf] [--out <file>]
                     [--date YYYY-MM-DD | --month YYYY-MM | --from <time> --to <time>] [--utc-offset +09:00]

  <incident-id>  the incident report: title, summary, alert level, timeline, devices, destinations,
                 the details of each breach, the investigation process and recommended actions
                 (ids are printed by "mamori analyze --db", e.g. I8a2b7959f2ed74c)
  daily          incidents and breaches of a day (--date; default the day of the newest breach):
                 counts by level and model category, top devices, each incident at level 1 or above
  monthly        the month's summary with charts (--month; default the month of the newest breach)

  --format       text (default; to stdout without --out), html (one self-contained page) or pdf
                 (printed by headless Chromium: apt-get install chromium fonts-noto-cjk, or set
                 MAMORI_CHROMIUM); with --out the format defaults to the file's extension
  --from/--to    any period instead of a day or month (ISO times such as 2026-11-02T12:00+09:00;
                 without a zone the --utc-offset applies). Twice-daily reports are a schedule:
                 run "report daily --from <t> --to <t+12h>" from cron or a systemd timer at each half-day
  --utc-offset   the time zone of days, months and the times the report shows (default +00:00;
                 the analyst's own sentences keep the zone they were written in)`;

const OPTIONS = {
  db: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  format: { type: 'string' },
  out: { type: 'string' },
  date: { type: 'string' },
  month: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'utc-offset': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseOffset(v: string | undefined): number {
  if (v === undefined) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(v);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) throw new ConfigError('bad_option', `--utc-offset takes ±HH:MM such as +09:00, not ${JSON.stringify(v)}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

function zone(offset: number): string {
  const a = Math.abs(offset) / 60;
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function parseTime(v: string, option: string, offset: number): number {
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v) || !v.includes('T') ? v : v + zone(offset);
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(withZone) ? `${withZone}T00:00${zone(offset)}` : withZone);
  if (!Number.isFinite(t)) throw new ConfigError('bad_option', `${option} takes an ISO time such as 2026-11-02T12:00+09:00, not ${JSON.stringify(v)}`);
  return t / 1000;
}

/** The start of the day or month holding `t`, in the offset's zone. */
function dayStart(t: number, offset: number): number {
  return Math.floor((t + offset) / 86_400) * 86_400 - offset;
}

function monthRange(y: number, m: number, offset: number): [number, number] {
  return [Date.UTC(y, m - 1, 1) / 1000 - offset, Date.UTC(y, m, 1) / 1000 - offset];
}

async function newest(store: Store): Promise<number | undefined> {
  const last = (await store.breaches.list()).at(-1) ?? (await store.incidents.list()).at(-1);
  return last?.time;
}

async function period(kind: 'daily' | 'monthly', v: Record<string, string | boolean | undefined>, offset: number, store: Store): Promise<{ kind: PeriodKind; from: number; to: number }> {
  const from = v['from'] as string | undefined;
  const to = v['to'] as string | undefined;
  const given = [v['date'] && '--date', v['month'] && '--month', (from || to) && '--from/--to'].filter(Boolean);
  if (given.length > 1) throw new ConfigError('bad_option', `give one of --date, --month or --from/--to, not ${given.join(' and ')}`);
  if (from || to) {
    if (!from || !to) throw new ConfigError('bad_option', '--from and --to go together');
    const f = parseTime(from, '--from', offset);
    const t = parseTime(to, '--to', offset);
    if (!(t > f)) throw new ConfigError('bad_option', '--to must be after --from');
    return { kind: kind === 'monthly' ? 'monthly' : t - f === 86_400 ? 'daily' : 'period', from: f, to: t };
  }
  if (kind === 'daily') {
    if (v['month']) throw new ConfigError('bad_option', '"report daily" takes --date, not --month');
    const date = v['date'] as string | undefined;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ConfigError('bad_option', `--date takes YYYY-MM-DD, not ${JSON.stringify(date)}`);
    const t = date ? parseTime(date, '--date', offset) : await newest(store);
    if (t === undefined) throw new ConfigError('empty_period', 'the database has no breaches or incidents yet: run "mamori analyze <inputs> --db <file>" first');
    const f = dayStart(t, offset);
    return { kind: 'daily', from: f, to: f + 86_400 };
  }
  if (v['date']) throw new ConfigError('bad_option', '"report monthly" takes --month, not --date');
  const month = v['month'] as string | undefined;
  const m = month ? /^(\d{4})-(\d{2})$/.exec(month) : undefined;
  if (month && (!m || Number(m[2]) < 1 || Number(m[2]) > 12)) throw new ConfigError('bad_option', `--month takes YYYY-MM, not ${JSON.stringify(month)}`);
  if (m) {
    const [f, t] = monthRange(Number(m[1]), Number(m[2]), offset);
    return { kind: 'monthly', from: f, to: t };
  }
  const t = await newest(store);
  if (t === undefined) throw new ConfigError('empty_period', 'the database has no breaches or incidents yet: run "mamori analyze <inputs> --db <file>" first');
  const d = new Date((t + offset) * 1000);
  const [f, to2] = monthRange(d.getUTCFullYear(), d.getUTCMonth() + 1, offset);
  return { kind: 'monthly', from: f, to: to2 };
}

function formatOf(format: string | undefined, out: string | undefined): 'text' | 'html' | 'pdf' {
  const f = format ?? (out ? (/\.pdf$/i.test(out) ? 'pdf' : /\.html?$/i.test(out) ? 'html' : 'text') : 'text');
  if (f !== 'text' && f !== 'html' && f !== 'pdf') throw new ConfigError('bad_option', `--format must be text, html or pdf, not ${JSON.stringify(f)}`);
  return f;
}

async function incidentDoc(store: Store, id: string, lang: 'en' | 'ja', offset: number, db: string): Promise<ReportDoc> {
  const found = await loadIncident(store, id);
  if (!found) {
    const recent = await recentIncidents(store, 5);
    const list = recent.length ? `\nthe newest incidents in ${db}:\n${recent.map((i) => `  ${i.id}  L${i.level} ${i.score}  ${i.title[lang]}`).join('\n')}` : `\n${db} has no incidents yet: run "mamori analyze <inputs> --db ${db}" first`;
    throw new ConfigError('unknown_incident', `no incident "${id}" in ${db}; incident ids (I…) are printed by "mamori analyze --db" and listed in "mamori report daily"${list}`);
  }
  return incidentReport({ ...found, evidence: await loadEvidence(store, found.breaches), lang, offset, now: Date.now() / 1000 });
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const [target, ...extra] = positionals;
  if (!target || extra.length) throw new ConfigError('bad_arguments', `give one incident id, "daily" or "monthly"\n${USAGE}`);
  const lang = values.lang;
  if (lang !== 'en' && lang !== 'ja') throw new ConfigError('bad_option', '--lang must be en or ja');
  const format = formatOf(values.format, values.out);
  if (format === 'pdf' && !values.out) throw new ConfigError('missing_option', '--format pdf writes a file: give --out <file.pdf>');
  const offset = parseOffset(values['utc-offset']);
  const isPeriod = target === 'daily' || target === 'monthly';
  if (!isPeriod && (values.date || values.month || values.from || values.to)) throw new ConfigError('bad_option', '--date, --month, --from and --to are for "report daily" and "report monthly"');
  const doc = await withStore(values.db, USAGE, 'existing', async (store) => {
    if (!isPeriod) return incidentDoc(store, target, lang, offset, values.db!);
    const p = await period(target, values, offset, store);
    const data = await loadPeriod(store, p.from, p.to);
    if (!data.incidents.length && !data.breaches.length) {
      const when = `${new Date(p.from * 1000).toISOString()} – ${new Date(p.to * 1000).toISOString()}`;
      throw new ConfigError('empty_period', `no incidents or breaches stored in ${values.db} for ${when}; choose another --date, --month or --from/--to (the newest breach is from ${new Date(((await newest(store)) ?? 0) * 1000).toISOString()})`);
    }
    return periodReport({ ...p, ...data, lang, offset, now: Date.now() / 1000 });
  });
  const body: string | Uint8Array = format === 'text' ? renderText(doc) : format === 'html' ? renderHtml(doc) : await htmlToPdf(renderHtml(doc));
  if (values.out) {
    writeFileSync(values.out, body);
    process.stderr.write(`report: wrote ${values.out} (${format}, ${lang})\n`);
  } else process.stdout.write(body);
  return 0;
}
