// Devices: search by name, address, MAC or user; filter by type and peer group; paged on the server
// (36,000 devices load one page at a time).
import { useState } from 'react';
import { api } from '../api/client';
import type { Device, Page } from '../api/types';
import { ErrorBox, Loading, Pager, Score } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { bytes, useI18n } from '../i18n';
import { href } from '../router';

const LIMIT = 100;

export function DevicesPage() {
  const { t, time, num } = useI18n();
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [group, setGroup] = useState('');
  const [offset, setOffset] = useState(0);
  const { data, error, loading, reload } = useFetch((signal) => api.get<Page<Device>>('/devices', { q, type, peer_group: group, limit: LIMIT, offset }, signal), [q, type, group, offset]);
  return (
    <div className="page" data-page="devices">
      <h1>{t('nav.devices')}</h1>
      <div className="filters">
        <input placeholder={t('devices.search')} value={q} onChange={(e) => (setQ(e.target.value), setOffset(0))} />
        <input placeholder={t('col.type')} value={type} onChange={(e) => (setType(e.target.value), setOffset(0))} />
        <input placeholder={t('col.peerGroup')} value={group} onChange={(e) => (setGroup(e.target.value), setOffset(0))} />
      </div>
      <ErrorBox error={error} retry={reload} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <Pager total={data.total} offset={offset} limit={LIMIT} onChange={setOffset} />
          <table className="table" data-testid="device-table">
            <thead>
              <tr>
                <th>{t('col.device')}</th>
                <th>{t('col.ip')}</th>
                <th>{t('col.mac')}</th>
                <th>{t('col.type')}</th>
                <th>{t('col.peerGroup')}</th>
                <th className="num">{t('col.connections')}</th>
                <th className="num">{t('device.bytesOut')}</th>
                <th className="num">{t('nav.breaches')}</th>
                <th>{t('col.score')}</th>
                <th>{t('device.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={href('devices', d.id)}>{d.hostname ?? d.id}</a>
                  </td>
                  <td className="mono nowrap">{d.ip}</td>
                  <td className="mono">{d.mac ?? ''}</td>
                  <td>{d.type ?? ''}</td>
                  <td>{d.peer_group ?? ''}</td>
                  <td className="num">{num(d.connections)}</td>
                  <td className="num">{bytes(d.bytes_out)}</td>
                  <td className="num">{num(d.breaches ?? 0)}</td>
                  <td>{d.max_score !== undefined ? <Score score={d.max_score} /> : ''}</td>
                  <td className="nowrap">{time(d.last_seen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
