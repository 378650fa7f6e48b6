// Incidents, most recent first: filter by alert level and status, paged on the server.
import { useState } from 'react';
import { api } from '../api/client';
import { useLiveTick } from '../api/stream';
import type { IncidentView, Page } from '../api/types';
import { ErrorBox, LevelBadge, Loading, Pager, Score } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';
import { href, useRoute } from '../router';

const LIMIT = 50;

export function IncidentsPage() {
  const { t, bi, time } = useI18n();
  const route = useRoute();
  const [level, setLevel] = useState(route.query.get('level') ?? '');
  const [status, setStatus] = useState(route.query.get('status') ?? '');
  const [offset, setOffset] = useState(0);
  const tick = useLiveTick(['incident'], 3000);
  const { data, error, loading, reload } = useFetch((signal) => api.get<Page<IncidentView>>('/incidents', { level, status, limit: LIMIT, offset }, signal), [level, status, offset, offset === 0 ? tick : 0]);
  return (
    <div className="page" data-page="incidents">
      <h1>{t('nav.incidents')}</h1>
      <div className="filters">
        <select value={level} onChange={(e) => (setLevel(e.target.value), setOffset(0))} aria-label={t('col.level')}>
          <option value="">{t('incidents.allLevels')}</option>
          {[3, 2, 1, 0].map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}` as 'level.0')}
            </option>
          ))}
        </select>
        <select value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))} aria-label={t('col.status')}>
          <option value="">{t('incidents.allStatuses')}</option>
          <option value="open">{t('status.open')}</option>
          <option value="acknowledged">{t('status.acknowledged')}</option>
          <option value="closed">{t('status.closed')}</option>
        </select>
      </div>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <Pager total={data.total} offset={offset} limit={LIMIT} onChange={setOffset} />
          <table className="table" data-testid="incident-table">
            <thead>
              <tr>
                <th>{t('col.level')}</th>
                <th>{t('col.score')}</th>
                <th>{t('col.title')}</th>
                <th>{t('col.devices')}</th>
                <th>{t('col.status')}</th>
                <th>{t('col.start')}</th>
                <th>{t('col.end')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <LevelBadge level={i.level} />
                  </td>
                  <td>
                    <Score score={i.score} />
                  </td>
                  <td>
                    <a href={href('incidents', i.id)}>{bi(i.title)}</a>
                  </td>
                  <td>{i.devices.map((d) => d.hostname ?? d.ip).slice(0, 3).join(', ') + (i.devices.length > 3 ? ` +${i.devices.length - 3}` : '')}</td>
                  <td>{t(`status.${i.status}`)}</td>
                  <td className="nowrap">{time(i.start)}</td>
                  <td className="nowrap">{time(i.end)}</td>
                </tr>
              ))}
              {!data.items.length && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('common.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
