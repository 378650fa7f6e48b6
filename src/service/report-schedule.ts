// Scheduled reports for `mamori run`: at each configured time of day (in the site's UTC offset; twice
// daily is two times) the report of the period since the previous time is written to a folder in
// each configured language and format, and a system notification says where it is. The last period
// written is kept in the store, so a restart neither repeats a report nor skips the one that fell
// due while the service was down (it is written at start).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemNotification, type Notification } from '../notify/index.js';
import { htmlToPdf, loadPeriod, periodReport, renderHtml, renderText } from '../report/index.js';
import type { Store } from '../store/index.js';

const DAY = 86_400;
const STATE = { namespace: 'report-schedule', key: 'last' };

export interface ReportScheduleConfig {
  dir: string;
  /** times of day, "HH:MM", in the offset's zone */
  times: string[];
  /** seconds east of UTC */
  offset: number;
  languages: ('en' | 'ja')[];
  formats: ('text' | 'html' | 'pdf')[];
}

/** Seconds into the day of "HH:MM". */
export function secondsOfDay(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`a report time is HH:MM (00:00–23:59), not ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
}

/** The scheduled moments (epoch seconds) around `t`, sorted: every configured time of the day before, that day and the next. */
function moments(t: number, cfg: Pick<ReportScheduleConfig, 'times' | 'offset'>): number[] {
  const day = Math.floor((t + cfg.offset) / DAY) * DAY - cfg.offset;
  const out: number[] = [];
  for (const d of [day - DAY, day, day + DAY]) for (const hhmm of cfg.times) out.push(d + secondsOfDay(hhmm));
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The last scheduled moment at or before `t`, and the one before it: the period that report covers. */
export function latestPeriod(t: number, cfg: Pick<ReportScheduleConfig, 'times' | 'offset'>): { from: number; to: number } {
  const m = moments(t, cfg).filter((x) => x <= t);
  const to = m[m.length - 1]!;
  return { from: m[m.length - 2] ?? to - DAY, to };
}

/** The next scheduled moment after `t`. */
export function nextMoment(t: number, cfg: Pick<ReportScheduleConfig, 'times' | 'offset'>): number {
  return moments(t, cfg).find((x) => x > t)!;
}

export class ReportSchedule {
  private next = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly cfg: ReportScheduleConfig,
    private readonly notify: (n: Notification) => void,
    private readonly log: (m: string) => void,
  ) {
    for (const t of cfg.times) secondsOfDay(t);
  }

  /** Called on every tick with the wall clock: writes the report that fell due, if any (one at a time). */
  tick(now: number): Promise<void> {
    if (this.running || now < this.next) return this.running ?? Promise.resolve();
    this.running = this.catchUp(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async catchUp(now: number): Promise<void> {
    const p = latestPeriod(now, this.cfg);
    const last = (await this.store.state.get(STATE.namespace, STATE.key))?.value as { to?: number } | undefined;
    if (!last || (last.to ?? 0) < p.to) {
      try {
        const files = await this.write(p.from, p.to, now);
        this.log(`report for ${iso(p.from)} – ${iso(p.to)}: ${files.join(', ')}`);
        this.notify(
          systemNotification(
            {
              code: 'report_ready',
              time: now,
              title: { en: 'Scheduled report ready', ja: '定期レポートを作成しました' },
              text: {
                en: `The report for ${iso(p.from)} to ${iso(p.to)} is in ${this.cfg.dir}: ${files.join(', ')}.`,
                ja: `${iso(p.from)} から ${iso(p.to)} までのレポートを ${this.cfg.dir} に保存しました：${files.join('、')}。`,
              },
            },
            0,
            now,
          ),
        );
      } catch (err) {
        this.log(`scheduled report for ${iso(p.from)} – ${iso(p.to)} failed: ${(err as Error).message}`);
      }
      await this.store.state.put(STATE.namespace, STATE.key, { from: p.from, to: p.to }, 1);
    }
    this.next = nextMoment(now, this.cfg);
  }

  /** Writes the period's report in every language and format; returns the file names. */
  async write(from: number, to: number, now: number): Promise<string[]> {
    const data = await loadPeriod(this.store, from, to);
    const kind = to - from === DAY ? 'daily' : 'period';
    mkdirSync(this.cfg.dir, { recursive: true });
    const stamp = new Date((to + this.cfg.offset) * 1000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    const files: string[] = [];
    for (const lang of this.cfg.languages) {
      const doc = periodReport({ kind, from, to, ...data, lang, offset: this.cfg.offset, now });
      for (const format of this.cfg.formats) {
        const name = `report-${stamp}-${lang}.${format === 'text' ? 'txt' : format}`;
        const html = format === 'text' ? '' : renderHtml(doc);
        writeFileSync(join(this.cfg.dir, name), format === 'text' ? renderText(doc) : format === 'html' ? html : await htmlToPdf(html));
        files.push(name);
      }
    }
    return files;
  }
}

function iso(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
