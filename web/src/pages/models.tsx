// The model library: built-in and user models by category, enabled or not, with MITRE techniques.
import { useMemo, useState } from 'react';
import { api, enc } from '../api/client';
import type { ModelSummary } from '../api/types';
import { useAuth } from '../auth';
import { ActionButton, ErrorBox, Loading } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';
import { href } from '../router';

export function ModelsPage() {
  const { t, bi } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useState('');
  const { data, error, loading, reload } = useFetch((signal) => api.get<ModelSummary[]>('/models', undefined, signal), []);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return (data ?? []).filter((m) => !s || [m.id, m.name.en, m.name.ja, m.category, ...m.mitre].some((x) => x.toLowerCase().includes(s)));
  }, [data, q]);
  return (
    <div className="page" data-page="models">
      <h1>{t('nav.models')}</h1>
      <div className="filters">
        <input placeholder={t('models.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <span className="muted">{t('models.count', { n: shown.length })}</span>
      </div>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      <table className="table" data-testid="model-table">
        <thead>
          <tr>
            <th>{t('models.name')}</th>
            <th>ID</th>
            <th>{t('breaches.category')}</th>
            <th className="num">{t('models.priority')}</th>
            <th>{t('col.mitre')}</th>
            <th>{t('models.origin')}</th>
            <th>{t('models.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m.id}>
              <td>
                <a href={href('models', m.id)}>{bi(m.name)}</a>
              </td>
              <td className="mono">{m.id}</td>
              <td>{m.category}</td>
              <td className="num">{m.priority}</td>
              <td className="mono">{m.mitre.join(' ')}</td>
              <td>{m.builtin ? t('models.builtin') : t('models.user')}</td>
              <td>
                {m.enabled ? t('common.yes') : t('common.no')}{' '}
                {can('admin') && <ActionButton label={m.enabled ? t('models.disable') : t('models.enable')} run={() => api.post(`/models/${enc(m.id)}/${m.enabled ? 'disable' : 'enable'}`)} done={reload} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
