// Response actions with what an analyst may do to each: confirm one awaiting confirmation, clear
// one in force or waiting, extend one in force, reactivate one that ended. Each row opens to its
// history and executors.
import { Fragment, useState } from 'react';
import { api, enc } from '../api/client';
import type { Action } from '../api/types';
import { useAuth } from '../auth';
import { useI18n, type Key } from '../i18n';
import { href } from '../router';
import { ActionButton } from './common';

export function targetText(a: Action): string {
  const parts: string[] = [];
  const d = a.target.device;
  if (d) parts.push(d.hostname ? `${d.hostname} (${d.ip})` : d.ip);
  const dst = a.target.destination;
  if (dst) parts.push(`→ ${dst.hostname ?? dst.ip}${dst.port !== undefined ? `:${dst.port}` : ''}${dst.proto ? `/${dst.proto}` : ''}`);
  if (a.target.direction) parts.push(`[${a.target.direction}]`);
  return parts.join(' ');
}

const EXTEND_CHOICES = [3600, 4 * 3600, 24 * 3600];

export function ActionTable({ actions, onChange }: { actions: Action[]; onChange(): void }) {
  const { t, bi, time } = useI18n();
  const { can } = useAuth();
  const [open, setOpen] = useState<string | undefined>();
  const [extend, setExtend] = useState(3600);
  const analyst = can('analyst');
  const path = (a: Action, verb: string) => `/actions/${enc(a.id)}/${verb}`;
  return (
    <table className="table" data-testid="action-table">
      <thead>
        <tr>
          <th>{t('col.state')}</th>
          <th>{t('action.kind')}</th>
          <th>{t('action.target')}</th>
          <th>{t('action.cause')}</th>
          <th>{t('col.time')}</th>
          <th>{t('action.expires')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <Fragment key={a.id}>
            <tr data-action={a.id}>
              <td>
                <span className={`state state-${a.state}`}>{t(`astate.${a.state}` as Key)}</span>
                {a.dry_run && <span className="muted"> ({t('action.dryRun')})</span>}
              </td>
              <td className="clickable" onClick={() => setOpen(open === a.id ? undefined : a.id)}>
                {open === a.id ? '▾' : '▸'} {t(`akind.${a.kind}` as Key)} <span className="muted">{t(`amode.${a.mode}` as Key)}</span>
              </td>
              <td className="mono">
                {a.target.device ? <a href={href('devices', a.target.device.id)}>{targetText(a)}</a> : targetText(a)}
              </td>
              <td>
                {a.cause.incident ? <a href={href('incidents', a.cause.incident)}>{bi(a.cause.text)}</a> : bi(a.cause.text)}
                {a.cause.score !== undefined && <span className="muted"> ({a.cause.score})</span>}
              </td>
              <td className="nowrap">{time(a.created)}</td>
              <td className="nowrap">{time(a.expires)}</td>
              <td className="nowrap">
                {analyst && a.state === 'awaiting_confirmation' && <ActionButton label={t('action.confirm')} run={() => api.post(path(a, 'confirm'), {})} done={onChange} />}
                {analyst && (a.state === 'active' || a.state === 'awaiting_confirmation' || a.state === 'proposed') && <ActionButton label={t('action.clear')} danger run={() => api.post(path(a, 'clear'), {})} done={onChange} />}
                {analyst && a.state === 'active' && (
                  <>
                    <select value={extend} onChange={(e) => setExtend(Number(e.target.value))} aria-label={t('action.extendBy')}>
                      {EXTEND_CHOICES.map((s) => (
                        <option key={s} value={s}>
                          {t('action.hours', { n: s / 3600 })}
                        </option>
                      ))}
                    </select>
                    <ActionButton label={t('action.extend')} run={() => api.post(path(a, 'extend'), { seconds: extend })} done={onChange} />
                  </>
                )}
                {analyst && (a.state === 'expired' || a.state === 'cleared' || a.state === 'failed') && <ActionButton label={t('action.reactivate')} run={() => api.post(path(a, 'reactivate'), {})} done={onChange} />}
              </td>
            </tr>
            {open === a.id && (
              <tr className="detail">
                <td colSpan={7}>
                  <ol className="plain">
                    {a.history.map((h, n) => (
                      <li key={n}>
                        <span className="mono">{time(h.time)}</span> {h.from ? t(`astate.${h.from}` as Key) : '∅'} → {t(`astate.${h.to}` as Key)} · {h.by} · {h.why}
                      </li>
                    ))}
                  </ol>
                  {a.executors.length > 0 && (
                    <ul className="plain mono">
                      {a.executors.map((x, n) => (
                        <li key={n}>
                          {x.ok ? '✓' : '✗'} {x.name} {x.detail ?? ''}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
        {!actions.length && (
          <tr>
            <td colSpan={7} className="muted">
              {t('common.none')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
