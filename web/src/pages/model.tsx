// One model: its YAML, edited with validation on the server; clone to a user model; try it against
// stored history (the breaches it would have raised) before saving.
import { useEffect, useState } from 'react';
import { api, enc } from '../api/client';
import type { Breach, ModelDetail, Validation } from '../api/types';
import { useAuth } from '../auth';
import { BreachTable } from '../components/breach-table';
import { ActionButton, ErrorBox, Loading, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { fromLocalInput, useI18n } from '../i18n';
import { href, navigate } from '../router';

function errorText(e: NonNullable<Validation['errors']>[number]): string {
  return typeof e === 'string' ? e : `${e.path ? `${e.path}: ` : ''}${e.message}`;
}

export function ModelPage({ id }: { id: string }) {
  const { t, bi, num } = useI18n();
  const { can } = useAuth();
  const { data, error, loading, reload } = useFetch((signal) => api.get<ModelDetail>(`/models/${enc(id)}`, undefined, signal), [id]);
  const [yaml, setYaml] = useState('');
  const [validation, setValidation] = useState<Validation | undefined>();
  const [saved, setSaved] = useState(false);
  const [cloneId, setCloneId] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [tried, setTried] = useState<{ breaches: Breach[]; observations_scanned: number } | undefined>();
  useEffect(() => {
    if (data) setYaml(data.yaml);
  }, [data]);
  if (!data) return <div className="page"><ErrorBox error={error} retry={reload} /><Loading when={loading} /></div>;
  const changed = yaml !== data.yaml;
  return (
    <div className="page" data-page="model">
      <p>
        <a href={href('models')}>‹ {t('nav.models')}</a>
      </p>
      <h1>
        {bi(data.model.name)} <span className="muted mono">{id}</span>
      </h1>
      {data.model.description && <p>{bi(data.model.description)}</p>}
      <Section title={t('models.definition')}>
        <textarea
          className="code"
          value={yaml}
          onChange={(e) => {
            setYaml(e.target.value);
            setValidation(undefined);
            setSaved(false);
          }}
          rows={Math.min(40, Math.max(12, yaml.split('\n').length + 1))}
          spellCheck={false}
          readOnly={!can('analyst')}
          data-testid="model-yaml"
        />
        <div className="toolbar">
          <ActionButton label={t('models.validate')} run={() => api.post<Validation>('/models/validate', { yaml })} done={(r) => setValidation(r as Validation)} />
          {can('admin') && (
            <ActionButton
              label={t('common.save')}
              run={() => api.put(`/models/${enc(id)}`, { yaml })}
              done={() => {
                setSaved(true);
                reload();
              }}
            />
          )}
          {changed && <span className="warn">{t('models.unsaved')}</span>}
          {saved && <span className="ok">{t('common.saved')}</span>}
          {validation && (validation.ok ? <span className="ok">{t('models.valid')}</span> : <span className="warn">{t('models.invalid')}</span>)}
        </div>
        {validation?.errors && validation.errors.length > 0 && (
          <ul className="errors">
            {validation.errors.map((e, n) => (
              <li key={n} className="mono">
                {errorText(e)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {can('admin') && (
        <Section title={t('models.clone')}>
          <div className="toolbar">
            <input className="mono" placeholder={t('models.newId')} value={cloneId} onChange={(e) => setCloneId(e.target.value)} />
            <ActionButton label={t('models.clone')} run={() => api.post(`/models/${enc(id)}/clone`, { new_id: cloneId.trim() })} done={() => navigate(href('models', cloneId.trim()))} />
          </div>
        </Section>
      )}
      {can('analyst') && (
        <Section title={t('models.try')}>
          <div className="toolbar">
            <label>
              {t('common.from')} <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
            </label>
            <label>
              {t('common.to')} <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            </label>
            <ActionButton label={t('models.tryRun')} run={() => api.post<{ breaches: Breach[]; observations_scanned: number }>('/models/try', { yaml, since: fromLocalInput(since), until: fromLocalInput(until) })} done={(r) => setTried(r as typeof tried)} />
          </div>
          {tried && (
            <>
              <p className="muted">{t('models.tryResult', { n: num(tried.breaches.length), scanned: num(tried.observations_scanned) })}</p>
              <BreachTable breaches={tried.breaches} />
            </>
          )}
        </Section>
      )}
      {data.tuning !== undefined && data.tuning !== null && (
        <Section title={t('models.tuning')}>
          <pre className="code">{JSON.stringify(data.tuning, null, 2)}</pre>
        </Section>
      )}
    </div>
  );
}
