// One device: identity, type and peer group, pattern-of-life charts (activity by hour of day,
// hourly volumes against the learned baseline), newest connections, breaches and actions.
import { useMemo } from 'react';
import { api, enc } from '../api/client';
import type { DevicePage as DevicePageData } from '../api/types';
import { ActionTable } from '../components/action-table';
import { BreachTable } from '../components/breach-table';
import { AXIS, Chart, type ChartOption } from '../components/chart';
import { cellText, ErrorBox, Facts, Loading, Score, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { bytes, useI18n } from '../i18n';
import { href, hrefQuery } from '../router';

const CONN_COLS = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state'];

function mean(xs: number[] | undefined): number | undefined {
  return xs && xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

export function DevicePage({ id }: { id: string }) {
  const { t, time, num } = useI18n();
  const { data, error, loading, reload } = useFetch((signal) => api.get<DevicePageData>(`/devices/${enc(id)}`, undefined, signal), [id]);

  const hourly = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const base = data.baseline.connections_per_hour;
    return {
      grid: { left: 44, right: 12, top: 24, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { data: [t('device.activity'), t('device.baseline')], textStyle: { color: '#aab4c3' }, top: 0 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}`), ...AXIS },
      yAxis: { type: 'value', ...AXIS },
      series: [
        { name: t('device.activity'), type: 'bar', data: data.activity_by_hour, itemStyle: { color: '#4c8df6' } },
        ...(base && base.length === 24 ? [{ name: t('device.baseline'), type: 'line', data: base, itemStyle: { color: '#8a96a8' }, lineStyle: { type: 'dashed' }, symbol: 'none' }] : []),
      ],
    };
  }, [data, t]);

  const volumes = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const b = data.baseline;
    const hourOf = (ts: number) => new Date(ts * 1000).getUTCHours();
    // the baseline is learned per hour of day (or one figure); drawn under each hour's volume
    const baseAt = (arr: number[] | undefined, ts: number) => (arr && arr.length === 24 ? arr[hourOf(ts)] : mean(arr));
    const hasBase = !!(b.bytes_out_per_hour?.length || b.bytes_in_per_hour?.length);
    return {
      grid: { left: 60, right: 12, top: 24, bottom: 48 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => bytes(Number(v)) },
      legend: { textStyle: { color: '#aab4c3' }, top: 0 },
      xAxis: { type: 'time', ...AXIS },
      yAxis: { type: 'value', ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: (v: number) => bytes(v) } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4 }],
      series: [
        { name: t('device.bytesOut'), type: 'line', data: data.volumes.map((v) => [v.t * 1000, v.bytes_out]), itemStyle: { color: '#f08c2e' }, symbol: 'none', areaStyle: { opacity: 0.15 } },
        { name: t('device.bytesIn'), type: 'line', data: data.volumes.map((v) => [v.t * 1000, v.bytes_in]), itemStyle: { color: '#4c8df6' }, symbol: 'none' },
        ...(hasBase
          ? [
              { name: t('device.baselineOut'), type: 'line', data: data.volumes.map((v) => [v.t * 1000, baseAt(b.bytes_out_per_hour, v.t) ?? null]), itemStyle: { color: '#8a96a8' }, lineStyle: { type: 'dashed' }, symbol: 'none' },
              { name: t('device.baselineIn'), type: 'line', data: data.volumes.map((v) => [v.t * 1000, baseAt(b.bytes_in_per_hour, v.t) ?? null]), itemStyle: { color: '#5a6678' }, lineStyle: { type: 'dotted' }, symbol: 'none' },
            ]
          : []),
      ],
    };
  }, [data, t]);

  if (!data) return <div className="page"><ErrorBox error={error} retry={reload} /><Loading when={loading} /></div>;
  const d = data.device;
  return (
    <div className="page" data-page="device">
      <p>
        <a href={href('devices')}>‹ {t('nav.devices')}</a>
      </p>
      <h1 data-testid="device-title">
        {d.hostname ?? d.ip} <span className="muted mono">{d.ip}</span>
      </h1>
      <div className="grid-2">
        <Section title={t('device.identity')}>
          <Facts
            rows={[
              [t('col.ip'), <span className="mono">{[d.ip, ...(d.ips ?? []).filter((x) => x !== d.ip)].join(', ')}</span>],
              [t('col.mac'), d.mac && <span className="mono">{d.mac}</span>],
              [t('col.hostname'), d.hostname],
              [t('col.type'), d.type],
              [t('col.peerGroup'), d.peer_group],
              [t('device.users'), d.users?.join(', ')],
              [t('device.firstSeen'), time(d.first_seen)],
              [t('device.lastSeen'), time(d.last_seen)],
              [t('col.connections'), d.connections !== undefined ? num(d.connections) : undefined],
              [t('device.bytesOut'), d.bytes_out !== undefined ? bytes(d.bytes_out) : undefined],
              [t('device.bytesIn'), d.bytes_in !== undefined ? bytes(d.bytes_in) : undefined],
              [t('nav.breaches'), num(d.breaches ?? 0)],
              [t('col.score'), d.max_score !== undefined ? <Score score={d.max_score} /> : undefined],
            ]}
          />
          <p>
            <a href={hrefQuery(href('search'), { q: `id.orig_h:"${d.ip}" OR id.resp_h:"${d.ip}"` })}>{t('device.searchTraffic')}</a>
          </p>
        </Section>
        <Section title={t('device.byHour')}>{hourly && <Chart option={hourly} height={220} />}</Section>
      </div>
      <Section title={t('device.volumes')}>{volumes && <Chart option={volumes} height={240} />}</Section>
      <Section title={t('nav.breaches')}>
        <BreachTable breaches={data.breaches} showDevice={false} />
      </Section>
      <Section title={t('nav.actions')}>
        <ActionTable actions={data.actions} onChange={reload} />
      </Section>
      <Section title={t('device.connections')}>
        <div className="scroll-x">
          <table className="table dense" data-testid="connections">
            <thead>
              <tr>
                {CONN_COLS.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.connections.map((r, n) => (
                <tr key={n}>
                  {CONN_COLS.map((c) => (
                    <td key={c} className="mono nowrap">
                      {c === 'ts' && typeof r[c] === 'number' ? time(r[c]) : cellText(r[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}
