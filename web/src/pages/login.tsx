// Sign-in. Too many failures answer 429 with the wait in the message: shown as it is.
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/common';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';

export function LoginPage() {
  const { login } = useAuth();
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <form className="panel login-box" onSubmit={(e) => void submit(e)}>
        <h1>守 Mamori</h1>
        <p className="muted">{t('auth.subtitle')}</p>
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('common.working') : t('auth.login')}
        </button>
        <ErrorBox error={error} />
        <select aria-label={t('common.language')} value={lang} onChange={(e) => setLang(e.target.value as 'en' | 'ja')}>
          <option value="en">English</option>
          <option value="ja">日本語</option>
        </select>
      </form>
    </div>
  );
}
