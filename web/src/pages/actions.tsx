// The response queue: actions by state (awaiting confirmation first), paged on the server, live.
import { useState } from 'react';
import { api } from '../api/client';
import { useLiveTick } from '../api/stream';
import type { Action, ActionState, Page } from '../api/types';
import { ActionTable } from '../components/action-table';
import { ErrorBox, Loading, Pager } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { useI18n, type Key } from '../i18n';

const LIMIT = 50;
const STATES: ActionState[] = ['awaiting_confirmation', 'active', 'proposed', 'expired', 'cleared', 'failed'];

export function ActionsPage() {
  const { t } = useI18n();
  const [state, setState] = useState<string>('awaiting_confirmation');
  const [offset, setOffset] = useState(0);
  const tick = useLiveTick(['action'], 1000);
  const { data, error, loading, reload } = useFetch((signal) => api.get<Page<Action>>('/actions', { state, limit: LIMIT, offset }, signal), [state, offset, tick]);
  return (
    <div className="page" data-page="actions">
      <h1>{t('nav.actions')}</h1>
      <div className="filters tabs">
        {[...STATES, ''].map((s) => (
          <button key={s || 'all'} type="button" className={state === s ? 'active' : ''} onClick={() => (setState(s), setOffset(0))} data-state={s || 'all'}>
            {s ? t(`astate.${s}` as Key) : t('common.all')}
          </button>
        ))}
      </div>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <Pager total={data.total} offset={offset} limit={LIMIT} onChange={setOffset} />
          <ActionTable actions={data.items} onChange={reload} />
        </>
      )}
    </div>
  );
}
