// The live stream (/api/stream): one WebSocket for the whole UI, reconnecting with exponential
// backoff (1 s doubling to 30 s), fanning events out to the pages that listen.
import { useEffect, useRef, useState } from 'react';
import type { StreamEvent } from './types';

type Listener = (ev: StreamEvent) => void;
export type StreamState = 'connecting' | 'open' | 'closed';

const listeners = new Set<Listener>();
const stateListeners = new Set<(s: StreamState) => void>();
let socket: WebSocket | undefined;
let state: StreamState = 'closed';
let retry = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let wanted = false;

function setState(s: StreamState): void {
  state = s;
  for (const l of stateListeners) l(s);
}

function connect(): void {
  if (!wanted) return;
  setState('connecting');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/stream`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    setState('open');
  };
  ws.onmessage = (m) => {
    let ev: StreamEvent;
    try {
      ev = JSON.parse(String(m.data)) as StreamEvent;
    } catch {
      return; // not ours: ignore
    }
    if (!ev || typeof ev.kind !== 'string') return;
    for (const l of listeners) l(ev);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = undefined;
    setState('closed');
    if (!wanted) return;
    const wait = Math.min(30_000, 1000 * 2 ** retry++);
    timer = setTimeout(connect, wait);
  };
}

/** Opens the stream (after sign-in) or closes it (sign-out). */
export function streamWanted(on: boolean): void {
  wanted = on;
  if (on && !socket) {
    retry = 0;
    connect();
  }
  if (!on) {
    if (timer) clearTimeout(timer);
    const s = socket;
    socket = undefined;
    s?.close();
    setState('closed');
  }
}

/** Calls f for each event of the given kinds while the component is mounted. */
export function useStream(kinds: StreamEvent['kind'][], f: Listener): void {
  const ref = useRef(f);
  ref.current = f;
  const key = kinds.join(',');
  useEffect(() => {
    const l: Listener = (ev) => {
      if (key.split(',').includes(ev.kind)) ref.current(ev);
    };
    listeners.add(l);
    return () => void listeners.delete(l);
  }, [key]);
}

export function useStreamState(): StreamState {
  const [s, set] = useState(state);
  useEffect(() => {
    stateListeners.add(set);
    set(state);
    return () => void stateListeners.delete(set);
  }, []);
  return s;
}

/**
 * A counter that goes up at most once per `ms` when events of the given kinds arrive: pages put it
 * in their fetch dependencies to reload live without a storm of requests.
 */
export function useLiveTick(kinds: StreamEvent['kind'][], ms = 3000): number {
  const [tick, setTick] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useStream(kinds, () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      setTick((t) => t + 1);
    }, ms);
  });
  useEffect(() => () => clearTimeout(pending.current), []);
  return tick;
}
