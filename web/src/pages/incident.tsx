// One incident: the analyst's narrative (plain text), timeline, investigation steps, devices and
// destinations, breaches with their reasons, comments; acknowledge, comment, close or reopen; the
// report as HTML or PDF in either language.
import { useState } from 'react';
import { api, apiUrl, enc } from '../api/client';
import { useStream } from '../api/stream';
import type { Breach, IncidentView } from '../api/types';
import { useAuth } from '../auth';
import { BreachTable, destinationText } from '../components/breach-table';
import { ActionButton, ErrorBox, Facts, LevelBadge, Loading, Score, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';
import { href } from '../router';

export function IncidentPage({ id }: { id: string }) {
  const { t, bi, time, lang } = useI18n();
  const { can } = useAuth();
  const { data, error, loading, reload } = useFetch((signal) => api.get<{ incident: IncidentView; breaches: Breach[] }>(`/incidents/${enc(id)}`, undefined, signal), [id]);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  useStream(['incident'], (ev) => {
    if ((ev.data as IncidentView).id === id) reload();
  });
  if (!data) return <div className="page"><ErrorBox error={error} retry={reload} /><Loading when={loading} /></div>;
  const i = data.incident;
  const path = `/incidents/${enc(i.id)}`;
  const analyst = can('analyst');
  return (
    <div className="page" data-page="incident">
      <p>
        <a href={href('incidents')}>‹ {t('nav.incidents')}</a>
      </p>
      <h1 className="incident-title">
        <LevelBadge level={i.level} /> <span data-testid="incident-title">{bi(i.title)}</span>
      </h1>
      <div className="toolbar">
        <span className={`status-tag status-${i.status}`} data-testid="incident-status">
          {t(`status.${i.status}`)}
        </span>
        <Score score={i.score} />
        {analyst && i.status === 'open' && <ActionButton label={t('incident.acknowledge')} run={() => api.post(`${path}/acknowledge`)} done={reload} />}
        {analyst && i.status !== 'closed' && (
          <>
            <input placeholder={t('incident.closeReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <ActionButton label={t('incident.close')} run={() => api.post(`${path}/close`, reason ? { reason } : {})} done={reload} />
          </>
        )}
        {analyst && i.status === 'closed' && <ActionButton label={t('incident.reopen')} run={() => api.post(`${path}/reopen`)} done={reload} />}
        <span className="spacer" />
        {(['html', 'pdf'] as const).map((format) => (
          <a key={format} className="button" href={apiUrl(`${path}/report`, { lang, format })} download={format === 'pdf' ? '' : undefined} target={format === 'html' ? '_blank' : undefined} rel="noopener noreferrer">
            {t('incident.report')} {format.toUpperCase()}
          </a>
        ))}
      </div>
      <ErrorBox error={error} retry={reload} />
      <div className="grid-2">
        <Section title={t('incident.summary')}>
          <p className="narrative" data-testid="narrative">
            {bi(i.summary)}
          </p>
          <Facts
            rows={[
              [t('col.start'), time(i.start)],
              [t('col.end'), time(i.end)],
              [t('incident.phases'), i.phases.map((p) => t(`phase.${p}` as 'phase.impact')).join(' → ')],
              [t('col.mitre'), <span className="mono">{i.mitre.join(' ')}</span>],
              [t('incident.acknowledgedBy'), i.acknowledged_by],
              [t('incident.closedBy'), i.closed_by ? `${i.closed_by}${i.close_reason ? ` — ${i.close_reason}` : ''}` : undefined],
            ]}
          />
        </Section>
        <Section title={t('incident.devicesAndDestinations')}>
          <ul className="plain">
            {i.devices.map((d) => (
              <li key={d.id}>
                <a href={href('devices', d.id)}>{d.hostname ?? d.ip}</a> <span className="mono muted">{d.ip}</span> {d.type && <span className="muted">{d.type}</span>}
              </li>
            ))}
          </ul>
          <ul className="plain mono">
            {i.destinations.map((d, n) => (
              <li key={n}>→ {destinationText(d)}</li>
            ))}
          </ul>
        </Section>
      </div>
      <Section title={t('incident.timeline')}>
        <ol className="timeline" data-testid="incident-timeline">
          {i.timeline.map((e, n) => (
            <li key={n}>
              <span className="nowrap mono">{time(e.time)}</span> <span className="phase">{t(`phase.${e.phase}` as 'phase.impact')}</span> {bi(e.text)}
            </li>
          ))}
        </ol>
      </Section>
      <Section title={t('incident.investigation')}>
        <ol className="investigation">
          {i.investigation.map((s, n) => (
            <li key={n}>
              <strong>{bi(s.question)}</strong>
              <p>{bi(s.answer)}</p>
            </li>
          ))}
          {!i.investigation.length && <li className="muted">{t('common.none')}</li>}
        </ol>
      </Section>
      <Section title={t('incident.recommended')}>
        <ul>
          {(i.actions[lang] ?? i.actions.en).map((a, n) => (
            <li key={n}>{a}</li>
          ))}
        </ul>
      </Section>
      <Section title={t('nav.breaches')}>
        <BreachTable breaches={data.breaches} />
      </Section>
      <Section title={t('incident.comments')}>
        <ul className="comments" data-testid="comments">
          {i.comments.map((c, n) => (
            <li key={n}>
              <span className="muted">
                {time(c.time)} · {c.user}
              </span>
              <p>{c.text}</p>
            </li>
          ))}
          {!i.comments.length && <li className="muted">{t('common.none')}</li>}
        </ul>
        {analyst && (
          <div className="comment-form">
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('incident.commentPlaceholder')} rows={3} data-testid="comment-text" />
            <ActionButton
              label={t('incident.comment')}
              run={() => api.post(`${path}/comment`, { text: comment })}
              done={() => {
                setComment('');
                reload();
              }}
            />
          </div>
        )}
      </Section>
    </div>
  );
}
