// The shell: the sign-in page until a session exists, then the navigation, the live status line
// and the page the hash route names. The graph (three.js) is loaded only when opened.
import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from './api/client';
import { useStream, useStreamState } from './api/stream';
import type { Status } from './api/types';
import { useAuth } from './auth';
import { useI18n, type Key } from './i18n';
import { ActionsPage } from './pages/actions';
import { BreachesPage } from './pages/breaches';
import { DashboardPage } from './pages/dashboard';
import { DevicePage } from './pages/device';
import { DevicesPage } from './pages/devices';
import { IncidentPage } from './pages/incident';
import { IncidentsPage } from './pages/incidents';
import { LoginPage } from './pages/login';
import { ModelPage } from './pages/model';
import { ModelsPage } from './pages/models';
import { SearchPage } from './pages/search';
import { SettingsPage } from './pages/settings';
import { SuppressionsPage } from './pages/suppressions';
import { SystemPage } from './pages/system';
import { UsersPage } from './pages/users';
import { href, useRoute } from './router';

const GraphPage = lazy(() => import('./pages/graph').then((m) => ({ default: m.GraphPage })));

const NAV: { path: string; key: Key }[] = [
  { path: 'dashboard', key: 'nav.dashboard' },
  { path: 'graph', key: 'nav.graph' },
  { path: 'incidents', key: 'nav.incidents' },
  { path: 'breaches', key: 'nav.breaches' },
  { path: 'devices', key: 'nav.devices' },
  { path: 'search', key: 'nav.search' },
  { path: 'actions', key: 'nav.actions' },
  { path: 'models', key: 'nav.models' },
  { path: 'suppressions', key: 'nav.suppressions' },
  { path: 'users', key: 'nav.users' },
  { path: 'settings', key: 'nav.settings' },
  { path: 'system', key: 'nav.system' },
];

function Page({ path }: { path: string[] }) {
  const [head = 'dashboard', id] = path;
  switch (head) {
    case 'dashboard':
      return <DashboardPage />;
    case 'graph':
      return <GraphPage />;
    case 'incidents':
      return id ? <IncidentPage id={id} /> : <IncidentsPage />;
    case 'breaches':
      return <BreachesPage />;
    case 'devices':
      return id ? <DevicePage id={id} /> : <DevicesPage />;
    case 'search':
      return <SearchPage />;
    case 'actions':
      return <ActionsPage />;
    case 'models':
      return id ? <ModelPage id={id} /> : <ModelsPage />;
    case 'suppressions':
      return <SuppressionsPage />;
    case 'users':
      return <UsersPage />;
    case 'settings':
      return <SettingsPage />;
    case 'system':
      return <SystemPage />;
    default:
      return <DashboardPage />;
  }
}

/** The pipeline state (and progress while the demo loads) and the stream connection. */
function StatusLine() {
  const { t } = useI18n();
  const stream = useStreamState();
  const [status, setStatus] = useState<Status | undefined>();
  useEffect(() => {
    let alive = true;
    const load = () =>
      api.get<Status>('/status').then(
        (s) => alive && setStatus(s),
        () => undefined,
      );
    void load();
    const id = setInterval(load, 15_000);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, []);
  useStream(['status'], (ev) => setStatus(ev.data as Status));
  const p = status?.pipeline;
  return (
    <div className="status-line" data-testid="status-line">
      {p && (
        <span className={`pipeline pipeline-${p.state}`}>
          {t(`pipeline.${p.state}` as Key)}
          {p.state === 'loading' && p.progress !== undefined && (
            <>
              <progress max={1} value={p.progress} /> {Math.round(p.progress * 100)}%
            </>
          )}
          {p.message && <span className="muted"> {p.message}</span>}
        </span>
      )}
      <span className={`stream stream-${stream}`} title={t('stream.title')}>
        ● {t(`stream.${stream}` as Key)}
      </span>
    </div>
  );
}

export function App() {
  const { user, checking, logout } = useAuth();
  const { t, lang, setLang } = useI18n();
  const route = useRoute();
  if (checking) return <div className="loading full">{t('common.loading')}</div>;
  if (!user) return <LoginPage />;
  const current = route.path[0] ?? 'dashboard';
  return (
    <div className="shell">
      <nav className="sidebar">
        <a className="brand" href={href('dashboard')}>
          守 Mamori
        </a>
        {NAV.map((n) => (
          <a key={n.path} href={href(n.path)} className={current === n.path ? 'active' : ''} data-nav={n.path}>
            {t(n.key)}
          </a>
        ))}
      </nav>
      <div className="main">
        <header className="topbar">
          <StatusLine />
          <div className="topbar-right">
            <select aria-label={t('common.language')} value={lang} onChange={(e) => setLang(e.target.value as 'en' | 'ja')} data-testid="lang">
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
            <span className="user">
              {user.name} <span className="muted">({t(`role.${user.role}` as Key)})</span>
            </span>
            <button type="button" onClick={() => void logout()}>
              {t('auth.logout')}
            </button>
          </div>
        </header>
        <main className="content">
          <Suspense fallback={<div className="loading">{t('common.loading')}</div>}>
            <Page path={route.path} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
