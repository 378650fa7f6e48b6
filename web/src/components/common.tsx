// Small pieces every page uses: alert level badges, score bars, errors with what to do, loading,
// paging, and a button that runs an API call and shows its outcome.
import { useState, type ReactNode } from 'react';
import { ApiRequestError } from '../api/client';
import { useI18n, type Key } from '../i18n';

const LEVEL_KEYS: Key[] = ['level.0', 'level.1', 'level.2', 'level.3'];

export function LevelBadge({ level }: { level: number }) {
  const { t } = useI18n();
  const l = Math.max(0, Math.min(3, Math.round(level)));
  return <span className={`badge level-${l}`} data-level={l}>{t(LEVEL_KEYS[l]!)}</span>;
}

/** 0–100 threat: 80+ red, 60+ orange, 40+ yellow, else grey (the level colours) */
export function scoreClass(score: number): string {
  return score >= 80 ? 'level-3' : score >= 60 ? 'level-2' : score >= 40 ? 'level-1' : 'level-0';
}

export function Score({ score }: { score: number }) {
  return (
    <span className="score">
      <span className={`score-bar ${scoreClass(score)}`} style={{ width: `${Math.max(4, Math.min(100, score))}%` }} />
      <span className="score-num">{score}</span>
    </span>
  );
}

/** What the user can do about an error, by its kind. */
export function ErrorBox({ error, retry }: { error: Error | undefined; retry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  let hint: Key = 'error.retry';
  if (error instanceof ApiRequestError) {
    if (error.status === 0) hint = 'error.network';
    else if (error.status === 403) hint = 'error.forbidden';
    else if (error.status === 404) hint = 'error.notfound';
    else if (error.status === 429) hint = 'error.ratelimit';
    else if (error.status === 400) hint = 'error.badinput';
    else if (error.status >= 500) hint = 'error.server';
  }
  return (
    <div className="error" role="alert">
      <strong>{error.message}</strong>
      <span>{t(hint)}</span>
      {retry && (
        <button type="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  const { t } = useI18n();
  return when ? <div className="loading">{t('common.loading')}</div> : null;
}

export function Pager({ total, offset, limit, onChange }: { total: number; offset: number; limit: number; onChange(offset: number): void }) {
  const { t, num } = useI18n();
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  return (
    <div className="pager">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        ‹ {t('common.prev')}
      </button>
      <span>{t('common.range', { from: num(from), to: num(to), total: num(total) })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('common.next')} ›
      </button>
    </div>
  );
}

/**
 * A button for a state-changing call: disabled while it runs, then the error (what to do) or a
 * short confirmation; `done` lets the page reload.
 */
export function ActionButton({ label, run, done, danger, confirm }: { label: string; run: () => Promise<unknown>; done?: (r: unknown) => void; danger?: boolean; confirm?: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const click = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await run();
      done?.(r);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="action-button">
      <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={() => void click()}>
        {busy ? t('common.working') : label}
      </button>
      {error && <ErrorBox error={error} />}
    </span>
  );
}

export function Section({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <section className="panel">
      <header>
        <h2>{title}</h2>
        {extra}
      </header>
      {children}
    </section>
  );
}

/** A definition list of label → value rows; empty values are left out. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/** A flat-row value as text (lists joined, objects as JSON): always text, never markup. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
