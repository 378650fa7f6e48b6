// The network graph: devices, peer groups and external endpoints, links by traffic, coloured by
// threat, in 2D (canvas) or 3D (WebGL); click a device to open it. New breaches raise the threat of
// their device's node live, without restarting the layout.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { useStream } from '../api/stream';
import type { Breach, GraphData } from '../api/types';
import { ErrorBox, Loading } from '../components/common';
import { create2d, create3d, withGroups, type GraphView, type Link, type Node } from '../components/graph-view';
import { useFetch } from '../components/use-fetch';
import { useI18n } from '../i18n';
import { href, hrefQuery, navigate } from '../router';

const LIMITS = [500, 2000, 5000];

export function GraphPage() {
  const { t, num } = useI18n();
  const [mode, setMode] = useState<'2d' | '3d'>('2d');
  const [limit, setLimit] = useState(2000);
  const [groups, setGroups] = useState(true);
  const [find, setFind] = useState('');
  const [viewError, setViewError] = useState<Error | undefined>();
  /** bumps when a renderer is made, so the data is given to it */
  const [ready, setReady] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const view = useRef<GraphView | undefined>(undefined);
  const nodes = useRef<Map<string, Node>>(new Map());
  const { data, error, loading, reload } = useFetch((signal) => api.get<GraphData>('/graph', { limit }, signal), [limit]);

  // the renderer, made again when the mode changes
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let alive = true;
    let made: GraphView | undefined;
    const click = (n: Node) => {
      if (n.kind === 'device') navigate(href('devices', n.id));
      else if (n.kind === 'external' && n.ip) navigate(hrefQuery(href('search'), { q: `id.resp_h:"${n.ip}"` }));
    };
    setViewError(undefined);
    (mode === '2d' ? create2d(el, click) : create3d(el, click)).then(
      (v) => {
        if (!alive) return v.destroy();
        made = v;
        view.current = v;
        v.resize(el.clientWidth, el.clientHeight);
        setReady((x) => x + 1);
      },
      (e: unknown) => alive && setViewError(new Error(`${t('graph.noWebgl')} (${(e as Error).message})`)),
    );
    const ro = new ResizeObserver(() => made?.resize(el.clientWidth, el.clientHeight));
    ro.observe(el);
    return () => {
      alive = false;
      ro.disconnect();
      made?.destroy();
      view.current = undefined;
      el.replaceChildren();
    };
  }, [mode, t]);

  // the data, given to the renderer as fresh objects (the simulation mutates them)
  useEffect(() => {
    if (!data || !view.current) return;
    const ns: Node[] = data.nodes.map((n) => ({ ...n }));
    const ls: Link[] = data.links.map((l) => ({ ...l }));
    const g = groups ? withGroups(ns, ls) : { nodes: ns, links: ls };
    nodes.current = new Map(g.nodes.map((n) => [n.id, n]));
    view.current.setData(g.nodes, g.links);
  }, [data, groups, ready]);

  useStream(['breach'], (ev) => {
    const b = ev.data as Breach;
    const n = nodes.current.get(b.device.id);
    if (n && b.score > n.threat) {
      n.threat = b.score;
      view.current?.refresh();
    }
  });

  const search = () => {
    const s = find.trim().toLowerCase();
    if (!s) return;
    for (const n of nodes.current.values())
      if (n.label.toLowerCase().includes(s) || n.ip === s) {
        view.current?.focus(n);
        return;
      }
  };

  return (
    <div className="page graph-page" data-page="graph">
      <div className="toolbar">
        <h1>{t('nav.graph')}</h1>
        <div className="tabs">
          <button type="button" className={mode === '2d' ? 'active' : ''} onClick={() => setMode('2d')} data-testid="graph-2d">
            2D
          </button>
          <button type="button" className={mode === '3d' ? 'active' : ''} onClick={() => setMode('3d')} data-testid="graph-3d">
            3D
          </button>
        </div>
        <label>
          {t('graph.links')}{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {num(l)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={groups} onChange={(e) => setGroups(e.target.checked)} /> {t('graph.groups')}
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <input placeholder={t('graph.find')} value={find} onChange={(e) => setFind(e.target.value)} />
        </form>
        {data && (
          <span className="muted" data-testid="graph-counts">
            {t('graph.counts', { nodes: num(data.nodes.length), links: num(data.links.length) })}
          </span>
        )}
        <span className="legend">
          <i className="dot" style={{ background: '#4c8df6' }} /> {t('graph.device')} <i className="dot" style={{ background: '#6b7685' }} /> {t('graph.external')} <i className="dot" style={{ background: '#9b7cf6' }} /> {t('graph.group')} <i className="dot level-bg-3" /> {t('graph.threat')}
        </span>
      </div>
      <ErrorBox error={error ?? viewError} retry={reload} />
      <Loading when={loading && !data} />
      <div className="graph-box" ref={box} data-testid="graph" />
    </div>
  );
}
