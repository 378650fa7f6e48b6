// System status: version, uptime, counts, pipeline state, ingest sources, and the audit log.
import { useState } from 'react';
import { api, listOf } from '../api/client';
import { useStream } from '../api/stream';
import type { AuditEntry, Page, Status } from '../api/types';
import { ErrorBox, Facts, Loading, Pager, Section } from '../components/common';
import { SourcesTable } from '../components/sources';
import { useFetch } from '../components/use-fetch';
import { useI18n, type Key } from '../i18n';

const LIMIT = 50;

function duration(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d}d ${h}h ${m}m` : h ? `${h}h ${m}m` : `${m}m ${Math.floor(s % 60)}s`;
}

export function SystemPage() {
  const { t, time, num } = useI18n();
  const [live, setLive] = useState<Status | undefined>();
  const status = useFetch((signal) => api.get<Status>('/status', undefined, signal), []);
  useStream(['status'], (ev) => setLive(ev.data as Status));
  const [offset, setOffset] = useState(0);
  const [actor, setActor] = useState('');
  const audit = useFetch((signal) => api.get<Page<AuditEntry> | AuditEntry[]>('/audit', { limit: LIMIT + 1, offset, actor }, signal), [offset, actor]);
  const s = live ?? status.data;
  const entries = listOf(audit.data);
  // the audit answer may have no total: one extra row says whether there is a next page
  const total = audit.data && !Array.isArray(audit.data) && typeof audit.data.total === 'number' ? audit.data.total : offset + entries.length;
  return (
    <div className="page" data-page="system">
      <h1>{t('nav.system')}</h1>
      <ErrorBox error={status.error} retry={status.reload} />
      <Loading when={status.loading && !s} />
      {s && (
        <div className="grid-2">
          <Section title={t('system.server')}>
            <Facts
              rows={[
                [t('system.version'), s.version],
                [t('system.started'), time(s.started)],
                [t('system.uptime'), duration(s.uptime_s)],
                [t('system.pipeline'), `${t(`pipeline.${s.pipeline.state}` as Key)}${s.pipeline.progress !== undefined ? ` ${Math.round(s.pipeline.progress * 100)}%` : ''}${s.pipeline.message ? ` — ${s.pipeline.message}` : ''}`],
              ]}
            />
          </Section>
          <Section title={t('system.counts')}>
            <Facts
              rows={[
                [t('dash.devices'), num(s.counts.devices)],
                [t('dash.observations'), num(s.counts.observations)],
                [t('nav.breaches'), num(s.counts.breaches)],
                [t('nav.incidents'), num(s.counts.incidents)],
                [t('dash.actionsActive'), num(s.counts.actions_active)],
              ]}
            />
          </Section>
        </div>
      )}
      {s && (
        <Section title={t('dash.ingest')}>
          <SourcesTable sources={s.sources} />
        </Section>
      )}
      {(
        <Section title={t('system.audit')} extra={<input placeholder={t('system.actor')} value={actor} onChange={(e) => (setActor(e.target.value), setOffset(0))} />}>
          <ErrorBox error={audit.error} retry={audit.reload} />
          <Pager total={Math.max(total, offset + entries.length)} offset={offset} limit={LIMIT} onChange={setOffset} />
          <table className="table dense">
            <thead>
              <tr>
                <th>{t('col.time')}</th>
                <th>{t('system.actor')}</th>
                <th>{t('system.action')}</th>
                <th>{t('system.target')}</th>
                <th>{t('system.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, LIMIT).map((a, n) => (
                <tr key={n}>
                  <td className="nowrap">{time(a.ts)}</td>
                  <td>{a.actor}</td>
                  <td className="mono">{a.action}</td>
                  <td className="mono">{a.target ?? ''}</td>
                  <td className="mono small">{a.details ? JSON.stringify(a.details) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
    </div>
  );
}
