// Suppressions: what not to alert on (a model, a device, a peer group, a destination) until when,
// and why. Analysts add and remove them.
import { useState, type FormEvent } from 'react';
import { api, enc, listOf } from '../api/client';
import type { Page, Suppression } from '../api/types';
import { useAuth } from '../auth';
import { ActionButton, ErrorBox, Loading, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { fromLocalInput, toLocalInput, useI18n } from '../i18n';

export function SuppressionsPage() {
  const { t, time } = useI18n();
  const { can } = useAuth();
  const { data, error, loading, reload } = useFetch((signal) => api.get<Suppression[] | Page<Suppression>>('/suppressions', undefined, signal), []);
  const [form, setForm] = useState({ model: '', device: '', peer_group: '', destination: '', expires: toLocalInput(Date.now() / 1000 + 7 * 86400), reason: '' });
  const [formError, setFormError] = useState<Error | undefined>();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const expires = fromLocalInput(form.expires);
    if (!form.model && !form.device && !form.peer_group && !form.destination) return setFormError(new Error(t('supp.needScope')));
    if (!expires) return setFormError(new Error(t('supp.needExpiry')));
    try {
      const body: Record<string, unknown> = { expires, reason: form.reason };
      for (const k of ['model', 'device', 'peer_group', 'destination'] as const) if (form[k].trim()) body[k] = form[k].trim();
      await api.post('/suppressions', body);
      setForm({ ...form, model: '', device: '', peer_group: '', destination: '', reason: '' });
      reload();
    } catch (err) {
      setFormError(err as Error);
    }
  };
  const items = listOf(data);
  return (
    <div className="page" data-page="suppressions">
      <h1>{t('nav.suppressions')}</h1>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      <table className="table">
        <thead>
          <tr>
            <th>{t('col.model')}</th>
            <th>{t('col.device')}</th>
            <th>{t('col.peerGroup')}</th>
            <th>{t('col.destination')}</th>
            <th>{t('supp.expires')}</th>
            <th>{t('supp.reason')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td className="mono">{s.model ?? '*'}</td>
              <td className="mono">{s.device ?? '*'}</td>
              <td>{s.peer_group ?? '*'}</td>
              <td className="mono">{s.destination ?? '*'}</td>
              <td className="nowrap">{time(s.expires)}</td>
              <td>
                {s.reason}
                {s.created_by && <span className="muted"> — {s.created_by}</span>}
              </td>
              <td>{can('analyst') && <ActionButton label={t('common.delete')} danger run={() => api.del(`/suppressions/${enc(s.id)}`)} done={reload} />}</td>
            </tr>
          ))}
          {!items.length && (
            <tr>
              <td colSpan={7} className="muted">
                {t('common.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {can('analyst') && (
        <Section title={t('supp.add')}>
          <form className="form-grid" onSubmit={(e) => void submit(e)}>
            <input placeholder={t('col.model')} value={form.model} onChange={set('model')} />
            <input placeholder={t('col.device')} value={form.device} onChange={set('device')} />
            <input placeholder={t('col.peerGroup')} value={form.peer_group} onChange={set('peer_group')} />
            <input placeholder={t('col.destination')} value={form.destination} onChange={set('destination')} />
            <label>
              {t('supp.expires')} <input type="datetime-local" value={form.expires} onChange={set('expires')} required />
            </label>
            <input placeholder={t('supp.reason')} value={form.reason} onChange={set('reason')} required />
            <button className="primary" type="submit">
              {t('supp.add')}
            </button>
          </form>
          <ErrorBox error={formError} />
        </Section>
      )}
    </div>
  );
}
