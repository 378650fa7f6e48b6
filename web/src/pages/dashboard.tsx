// The dashboard: incidents by alert level, the breach timeline, the devices with the most serious
// breaches, recent incidents and ingest status. Reloads when the stream reports new records.
import { useMemo } from 'react';
import { api } from '../api/client';
import { useLiveTick } from '../api/stream';
import type { Dashboard } from '../api/types';
import { AXIS, Chart, type ChartOption } from '../components/chart';
import { ErrorBox, LevelBadge, Loading, Score, Section } from '../components/common';
import { SourcesTable } from '../components/sources';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';
import { href, hrefQuery } from '../router';

export const LEVEL_COLORS = ['#6b7685', '#e8c547', '#f08c2e', '#e5484d'];

export function DashboardPage() {
  const { t, bi, time, num } = useI18n();
  const tick = useLiveTick(['breach', 'incident', 'status'], 5000);
  const { data, error, loading, reload } = useFetch((signal) => api.get<Dashboard>('/dashboard', undefined, signal), [tick]);

  const timeline = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      grid: { left: 40, right: 40, top: 24, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dash.breaches'), t('dash.maxScore')], textStyle: { color: '#aab4c3' }, top: 0 },
      xAxis: { type: 'time', ...AXIS },
      yAxis: [
        { type: 'value', ...AXIS, minInterval: 1 },
        { type: 'value', max: 100, ...AXIS, splitLine: { show: false } },
      ],
      series: [
        { name: t('dash.breaches'), type: 'bar', data: data.breach_timeline.map((b) => [b.t * 1000, b.count]), itemStyle: { color: '#4c8df6' }, barMaxWidth: 14 },
        { name: t('dash.maxScore'), type: 'line', yAxisIndex: 1, data: data.breach_timeline.map((b) => [b.t * 1000, b.max_score]), itemStyle: { color: '#e5484d' }, symbolSize: 3 },
      ],
    };
  }, [data, t]);

  return (
    <div className="page" data-page="dashboard">
      <h1>{t('nav.dashboard')}</h1>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <div className="tiles" data-testid="levels">
            {([3, 2, 1, 0] as const).map((l) => (
              <a key={l} className={`tile level-border-${l}`} href={hrefQuery(href('incidents'), { level: l })} data-level={l}>
                <span className="tile-num">{num(data.incidents_by_level[String(l) as '0'])}</span>
                <LevelBadge level={l} />
              </a>
            ))}
            <div className="tile">
              <span className="tile-num">{num(data.status.counts.devices)}</span>
              <span className="muted">{t('dash.devices')}</span>
            </div>
            <div className="tile">
              <span className="tile-num">{num(data.status.counts.observations)}</span>
              <span className="muted">{t('dash.observations')}</span>
            </div>
            <div className="tile">
              <span className="tile-num">{num(data.status.counts.actions_active)}</span>
              <span className="muted">{t('dash.actionsActive')}</span>
            </div>
          </div>
          <p className="muted">{t('dash.period', { since: time(data.since), until: time(data.until) })}</p>
          <div className="grid-2">
            <Section title={t('dash.timeline')}>{timeline && <Chart option={timeline} height={240} testId="timeline" />}</Section>
            <Section title={t('dash.topDevices')}>
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('col.device')}</th>
                    <th>{t('col.ip')}</th>
                    <th className="num">{t('dash.breaches')}</th>
                    <th>{t('col.score')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.top_devices.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <a href={href('devices', d.id)}>{d.hostname ?? d.id}</a>
                      </td>
                      <td className="mono nowrap">{d.ip}</td>
                      <td className="num">{num(d.breaches)}</td>
                      <td>
                        <Score score={d.max_score} />
                      </td>
                    </tr>
                  ))}
                  {!data.top_devices.length && (
                    <tr>
                      <td colSpan={4} className="muted">
                        {t('common.none')}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </Section>
          </div>
          <div className="grid-2">
            <Section title={t('dash.recentIncidents')}>
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('col.level')}</th>
                    <th>{t('col.title')}</th>
                    <th>{t('col.status')}</th>
                    <th>{t('col.time')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.recent_incidents.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <LevelBadge level={i.level} />
                      </td>
                      <td>
                        <a href={href('incidents', i.id)}>{bi(i.title)}</a>
                      </td>
                      <td>{t(`status.${i.status}`)}</td>
                      <td className="nowrap">{time(i.end)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section title={t('dash.ingest')}>
              <SourcesTable sources={data.status.sources} />
            </Section>
          </div>
        </>
      )}
    </div>
  );
}
