// The breach log: filters (text, model, category, minimum score, period), paged on the server,
// newest first; a row opens to its reasons. New breaches from the stream reload the first page.
import { useState } from 'react';
import { api } from '../api/client';
import { useLiveTick } from '../api/stream';
import type { Breach, Page } from '../api/types';
import { BreachTable } from '../components/breach-table';
import { ErrorBox, Loading, Pager } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { fromLocalInput, useI18n } from '../i18n';
import { useRoute } from '../router';

const LIMIT = 50;

export function BreachesPage() {
  const { t } = useI18n();
  const route = useRoute();
  const [q, setQ] = useState(route.query.get('q') ?? '');
  const [model, setModel] = useState(route.query.get('model') ?? '');
  const [category, setCategory] = useState('');
  const [minScore, setMinScore] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [device] = useState(route.query.get('device') ?? '');
  const [offset, setOffset] = useState(0);
  const tick = useLiveTick(['breach'], 1500);
  const liveTick = offset === 0 ? tick : 0;
  const filters = { q, model, category, min_score: minScore, since: fromLocalInput(since), until: fromLocalInput(until), device };
  const { data, error, loading, reload } = useFetch((signal) => api.get<Page<Breach>>('/breaches', { ...filters, limit: LIMIT, offset }, signal), [JSON.stringify(filters), offset, liveTick]);
  const set = (f: (v: string) => void) => (e: { target: { value: string } }) => {
    f(e.target.value);
    setOffset(0);
  };
  return (
    <div className="page" data-page="breaches">
      <h1>{t('nav.breaches')}</h1>
      <div className="filters">
        <input placeholder={t('breaches.search')} value={q} onChange={set(setQ)} data-testid="breach-q" />
        <input placeholder={t('col.model')} value={model} onChange={set(setModel)} />
        <input placeholder={t('breaches.category')} value={category} onChange={set(setCategory)} />
        <input type="number" min={0} max={100} placeholder={t('breaches.minScore')} value={minScore} onChange={set(setMinScore)} />
        <label>
          {t('common.from')} <input type="datetime-local" value={since} onChange={set(setSince)} />
        </label>
        <label>
          {t('common.to')} <input type="datetime-local" value={until} onChange={set(setUntil)} />
        </label>
      </div>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <Pager total={data.total} offset={offset} limit={LIMIT} onChange={setOffset} />
          <BreachTable breaches={data.items} />
        </>
      )}
    </div>
  );
}
