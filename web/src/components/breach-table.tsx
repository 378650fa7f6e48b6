// A table of breaches: time, score, model, device, destination; a row opens to show every reason
// (metric, value, threshold, baseline, confidence) that made the score.
import { Fragment, useState } from 'react';
import type { Breach } from '../api/types';
import { useI18n } from '../i18n';
import { href } from '../router';
import { cellText, Score } from './common';

export function Reasons({ breach }: { breach: Breach }) {
  const { t } = useI18n();
  return (
    <table className="table reasons">
      <thead>
        <tr>
          <th>{t('reason.metric')}</th>
          <th>{t('reason.value')}</th>
          <th>{t('reason.threshold')}</th>
          <th>{t('reason.baseline')}</th>
          <th className="num">{t('reason.confidence')}</th>
          <th>{t('reason.explanation')}</th>
        </tr>
      </thead>
      <tbody>
        {breach.reasons.map((r, i) => (
          <tr key={i} className={r.counter ? 'counter' : ''}>
            <td className="mono">
              {r.metric}
              {r.counter ? ` (${t('reason.counter')})` : ''}
            </td>
            <td className="mono">{cellText(r.value)}</td>
            <td className="mono">
              {r.op} {cellText(r.threshold)}
            </td>
            <td>{r.baseline ?? ''}</td>
            <td className="num">{Math.round(r.confidence * 100)}%</td>
            <td>{r.explanation ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function destinationText(d: Breach['destination']): string {
  if (!d) return '';
  const host = d.hostname ?? d.ip ?? '';
  return d.port !== undefined ? `${host}:${d.port}` : host;
}

export function BreachTable({ breaches, showDevice = true }: { breaches: Breach[]; showDevice?: boolean }) {
  const { t, bi, time } = useI18n();
  const [open, setOpen] = useState<string | undefined>();
  const cols = showDevice ? 6 : 5;
  return (
    <table className="table breaches" data-testid="breach-table">
      <thead>
        <tr>
          <th>{t('col.time')}</th>
          <th>{t('col.score')}</th>
          <th>{t('col.model')}</th>
          {showDevice && <th>{t('col.device')}</th>}
          <th>{t('col.destination')}</th>
          <th>{t('col.mitre')}</th>
        </tr>
      </thead>
      <tbody>
        {breaches.map((b) => (
          <Fragment key={b.id}>
            <tr className="clickable" onClick={() => setOpen(open === b.id ? undefined : b.id)} aria-expanded={open === b.id}>
              <td className="nowrap">
                {open === b.id ? '▾' : '▸'} {time(b.time)}
              </td>
              <td>
                <Score score={b.score} />
              </td>
              <td>
                {bi(b.model_name)} <span className="muted mono">{b.category}</span>
              </td>
              {showDevice && (
                <td>
                  <a href={href('devices', b.device.id)} onClick={(e) => e.stopPropagation()}>
                    {b.device.hostname ?? b.device.ip}
                  </a>
                  {b.device.hostname && <span className="muted mono"> {b.device.ip}</span>}
                </td>
              )}
              <td className="mono">{destinationText(b.destination)}</td>
              <td className="mono">{b.mitre.join(' ')}</td>
            </tr>
            {open === b.id && (
              <tr className="detail">
                <td colSpan={cols}>
                  <Reasons breach={b} />
                  <p className="muted mono">
                    {b.user ? `${t('col.user')}: ${b.user} · ` : ''}
                    {t('breach.uids')}: {b.uids.slice(0, 10).join(', ')}
                    {b.uids.length > 10 ? ` … (+${b.uids.length - 10})` : ''}
                  </p>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
        {!breaches.length && (
          <tr>
            <td colSpan={cols} className="muted">
              {t('common.none')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
