// Settings: the server's settings (admins change them; each field edited by its type) and the
// user's own password.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth';
import { ActionButton, ErrorBox, Loading, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';

type Settings = Record<string, unknown>;

function FieldInput({ name, value, onChange, disabled }: { name: string; value: unknown; onChange(v: unknown): void; disabled: boolean }) {
  if (name === 'language')
    return (
      <select value={String(value)} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="en">English</option>
        <option value="ja">日本語</option>
      </select>
    );
  if (typeof value === 'boolean') return <input type="checkbox" checked={value} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
  if (typeof value === 'number') return <input type="number" value={value} disabled={disabled} onChange={(e) => onChange(Number(e.target.value))} />;
  if (typeof value === 'string') return <input value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
  // nested values are edited as JSON text; kept as text until it parses
  return <JsonInput value={value} onChange={onChange} disabled={disabled} />;
}

function JsonInput({ value, onChange, disabled }: { value: unknown; onChange(v: unknown): void; disabled: boolean }) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      className={`code ${bad ? 'invalid' : ''}`}
      rows={Math.min(12, text.split('\n').length + 1)}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}

export function SettingsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { data, error, loading, reload } = useFetch((signal) => api.get<Settings>('/settings', undefined, signal), []);
  const [draft, setDraft] = useState<Settings>({});
  const [saved, setSaved] = useState(false);
  const [pw, setPw] = useState({ old: '', new: '', again: '' });
  const [pwState, setPwState] = useState<Error | 'ok' | undefined>();
  useEffect(() => {
    if (data) setDraft(data);
  }, [data]);
  const admin = can('admin');
  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    if (pw.new !== pw.again) return setPwState(new Error(t('settings.mismatch')));
    try {
      await api.post('/auth/password', { old: pw.old, new: pw.new });
      setPw({ old: '', new: '', again: '' });
      setPwState('ok');
    } catch (err) {
      setPwState(err as Error);
    }
  };
  return (
    <div className="page" data-page="settings">
      <h1>{t('nav.settings')}</h1>
      <Section title={t('settings.server')}>
        <ErrorBox error={error} retry={reload} />
        <Loading when={loading && !data} />
        {data && (
          <>
            <dl className="facts settings">
              {Object.entries(draft).map(([k, v]) => (
                <div key={k}>
                  <dt className="mono">{k}</dt>
                  <dd>
                    <FieldInput name={k} value={v} disabled={!admin} onChange={(nv) => (setDraft({ ...draft, [k]: nv }), setSaved(false))} />
                  </dd>
                </div>
              ))}
            </dl>
            {admin && (
              <div className="toolbar">
                <ActionButton label={t('common.save')} run={() => api.put('/settings', draft)} done={() => (setSaved(true), reload())} />
                {saved && <span className="ok">{t('common.saved')}</span>}
              </div>
            )}
            {!admin && <p className="muted">{t('error.adminOnly')}</p>}
          </>
        )}
      </Section>
      <Section title={t('settings.password')}>
        <form className="form-grid" onSubmit={(e) => void changePassword(e)}>
          <input type="password" placeholder={t('settings.oldPassword')} value={pw.old} onChange={(e) => setPw({ ...pw, old: e.target.value })} required autoComplete="current-password" />
          <input type="password" placeholder={t('settings.newPassword')} value={pw.new} onChange={(e) => setPw({ ...pw, new: e.target.value })} required autoComplete="new-password" />
          <input type="password" placeholder={t('settings.again')} value={pw.again} onChange={(e) => setPw({ ...pw, again: e.target.value })} required autoComplete="new-password" />
          <button className="primary" type="submit">
            {t('settings.change')}
          </button>
        </form>
        {pwState === 'ok' ? <p className="ok">{t('settings.changed')}</p> : <ErrorBox error={pwState} />}
      </Section>
    </div>
  );
}
