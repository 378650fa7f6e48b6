// Users and API tokens (admin): add, change role, disable, delete; a new token is shown once.
import { useState, type FormEvent } from 'react';
import { api, enc, listOf } from '../api/client';
import type { Page, Role, TokenView, UserView } from '../api/types';
import { useAuth } from '../auth';
import { ActionButton, ErrorBox, Loading, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n, type Key } from '../i18n';

const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

function RoleSelect({ value, onChange }: { value: Role; onChange(r: Role): void }) {
  const { t } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Role)} aria-label={t('users.role')}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}` as Key)}
        </option>
      ))}
    </select>
  );
}

export function UsersPage() {
  const { t, time } = useI18n();
  const { can, user: me } = useAuth();
  const users = useFetch((signal) => api.get<UserView[] | Page<UserView>>('/users', undefined, signal), []);
  const tokens = useFetch((signal) => api.get<TokenView[] | Page<TokenView>>('/tokens', undefined, signal), []);
  const [nu, setNu] = useState<{ name: string; role: Role; password: string }>({ name: '', role: 'viewer', password: '' });
  const [nt, setNt] = useState<{ name: string; role: Role }>({ name: '', role: 'viewer' });
  const [secret, setSecret] = useState<string | undefined>();
  const [formError, setFormError] = useState<Error | undefined>();
  if (!can('admin')) return <div className="page"><h1>{t('nav.users')}</h1><p className="warn">{t('error.adminOnly')}</p></div>;
  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    try {
      await api.post('/users', nu);
      setNu({ name: '', role: 'viewer', password: '' });
      users.reload();
    } catch (err) {
      setFormError(err as Error);
    }
  };
  const addToken = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    try {
      const r = await api.post<{ token: string }>('/tokens', nt);
      setSecret(r.token);
      setNt({ name: '', role: 'viewer' });
      tokens.reload();
    } catch (err) {
      setFormError(err as Error);
    }
  };
  return (
    <div className="page" data-page="users">
      <h1>{t('nav.users')}</h1>
      <ErrorBox error={formError} />
      <Section title={t('users.users')}>
        <ErrorBox error={users.error} retry={users.reload} />
        <Loading when={users.loading && !users.data} />
        <table className="table">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.state')}</th>
              <th>{t('users.created')}</th>
              <th>{t('users.passwordChanged')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {listOf(users.data).map((u) => (
              <tr key={u.name}>
                <td>{u.name}</td>
                <td>
                  <RoleSelect value={u.role} onChange={(role) => void api.patch(`/users/${enc(u.name)}`, { role }).then(users.reload, setFormError)} />
                </td>
                <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                <td className="nowrap">
                  {time(u.created)} <span className="muted">{u.created_by}</span>
                </td>
                <td className="nowrap">{time(u.password_changed)}</td>
                <td className="nowrap">
                  {u.name !== me?.name && (
                    <>
                      <ActionButton label={u.disabled ? t('users.enable') : t('users.disable')} run={() => api.patch(`/users/${enc(u.name)}`, { disabled: !u.disabled })} done={users.reload} />
                      <ActionButton label={t('common.delete')} danger confirm={t('users.confirmDelete', { name: u.name })} run={() => api.del(`/users/${enc(u.name)}`)} done={users.reload} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="form-grid" onSubmit={(e) => void addUser(e)}>
          <input placeholder={t('users.name')} value={nu.name} onChange={(e) => setNu({ ...nu, name: e.target.value })} required autoComplete="off" />
          <RoleSelect value={nu.role} onChange={(role) => setNu({ ...nu, role })} />
          <input type="password" placeholder={t('auth.password')} value={nu.password} onChange={(e) => setNu({ ...nu, password: e.target.value })} required autoComplete="new-password" />
          <button className="primary" type="submit">
            {t('users.add')}
          </button>
        </form>
      </Section>
      <Section title={t('users.tokens')}>
        <ErrorBox error={tokens.error} retry={tokens.reload} />
        {secret && (
          <div className="notice" role="status">
            <p>{t('users.tokenOnce')}</p>
            <code className="secret">{secret}</code>
            <button type="button" onClick={() => setSecret(undefined)}>
              {t('common.close')}
            </button>
          </div>
        )}
        <table className="table">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.created')}</th>
              <th>{t('users.lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {listOf(tokens.data).map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{t(`role.${k.role}` as Key)}</td>
                <td className="nowrap">
                  {time(k.created)} <span className="muted">{k.created_by}</span>
                </td>
                <td className="nowrap">{time(k.last_used)}</td>
                <td>
                  <ActionButton label={t('users.revoke')} danger run={() => api.del(`/tokens/${enc(k.id)}`)} done={tokens.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="form-grid" onSubmit={(e) => void addToken(e)}>
          <input placeholder={t('users.tokenName')} value={nt.name} onChange={(e) => setNt({ ...nt, name: e.target.value })} required />
          <RoleSelect value={nt.role} onChange={(role) => setNt({ ...nt, role })} />
          <button className="primary" type="submit">
            {t('users.addToken')}
          </button>
        </form>
      </Section>
    </div>
  );
}
