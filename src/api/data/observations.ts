// Reading observations for device pages and the graph: through the store's `aggregate` when the
// store has it (grouping in the database), else from a bounded number of flat rows grouped here.
import { and, ge, isIn, lt, or, type Condition, type FieldValue, type Store } from '../../store/index.js';

type Measure = { op: 'count' } | { op: 'sum' | 'min' | 'max' | 'avg' | 'count_distinct'; field: string };
type GroupBy = { field: string } | { time_bucket: number } | { hour_of_day: true };
interface AggregateQuery {
  where?: Condition;
  group_by: GroupBy[];
  measures: Measure[];
  order_by?: { measure: number; direction?: 'asc' | 'desc' };
  limit?: number;
}
type Aggregate = (type: 'conn', q: AggregateQuery) => Promise<{ keys: FieldValue[]; values: number[] }[]>;

/** rows read when the store cannot aggregate */
const FALLBACK_ROWS = 100_000;

function aggregateOf(store: Store): Aggregate | undefined {
  const o = store.observations as unknown as { aggregate?: Aggregate };
  return typeof o.aggregate === 'function' ? o.aggregate.bind(o) : undefined;
}

const num = (v: FieldValue | undefined): number => (typeof v === 'number' ? v : 0);

/** The newest conn time in the store (epoch seconds), or undefined when there is none. */
export async function newestConn(store: Store): Promise<number | undefined> {
  const [r] = await store.observations.select('conn', { fields: ['ts'], orderBy: [{ field: 'ts', direction: 'desc' }], limit: 1 });
  return typeof r?.ts === 'number' ? r.ts : undefined;
}

/** A device's bytes out and in per hour over [from, to), seen from the device (either end of a connection). */
export async function deviceVolumes(store: Store, ips: string[], from: number, to: number): Promise<{ t: number; bytes_out: number; bytes_in: number }[]> {
  const slots = new Map<number, { t: number; bytes_out: number; bytes_in: number }>();
  const add = (t: number, out: number, inn: number) => {
    const s = slots.get(t) ?? { t, bytes_out: 0, bytes_in: 0 };
    s.bytes_out += out;
    s.bytes_in += inn;
    slots.set(t, s);
  };
  const range = [ge('ts', from), lt('ts', to)];
  const agg = aggregateOf(store);
  for (const side of ['orig', 'resp'] as const) {
    const where = and(isIn(`id.${side}_h`, ips), ...range);
    if (agg) {
      const rows = await agg('conn', { where, group_by: [{ time_bucket: 3600 }], measures: [{ op: 'sum', field: 'orig_bytes' }, { op: 'sum', field: 'resp_bytes' }] });
      for (const r of rows) side === 'orig' ? add(num(r.keys[0]), r.values[0] ?? 0, r.values[1] ?? 0) : add(num(r.keys[0]), r.values[1] ?? 0, r.values[0] ?? 0);
    } else {
      const rows = await store.observations.select('conn', { where, fields: ['ts', 'orig_bytes', 'resp_bytes'], orderBy: [{ field: 'ts', direction: 'desc' }], limit: FALLBACK_ROWS });
      for (const r of rows) {
        const t = Math.floor(num(r.ts) / 3600) * 3600;
        side === 'orig' ? add(t, num(r.orig_bytes), num(r.resp_bytes)) : add(t, num(r.resp_bytes), num(r.orig_bytes));
      }
    }
  }
  return [...slots.values()].sort((a, b) => a.t - b.t);
}

export const CONN_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state'] as const;

/** A device's newest connections (either end), as flat rows. */
export async function deviceConnections(store: Store, ips: string[], limit = 100): Promise<Record<string, FieldValue>[]> {
  if (!ips.length) return [];
  return store.observations.select('conn', {
    where: or(isIn('id.orig_h', ips), isIn('id.resp_h', ips)),
    fields: CONN_FIELDS,
    orderBy: [{ field: 'ts', direction: 'desc' }],
    limit,
  });
}

export interface Pair {
  orig: string;
  resp: string;
  connections: number;
  bytes: number;
}

/** The busiest address pairs of [from, to), busiest (by connections) first. */
export async function busiestPairs(store: Store, from: number, to: number, limit: number): Promise<Pair[]> {
  const where = and(ge('ts', from), lt('ts', to));
  const agg = aggregateOf(store);
  if (agg) {
    const rows = await agg('conn', {
      where,
      group_by: [{ field: 'id.orig_h' }, { field: 'id.resp_h' }],
      measures: [{ op: 'count' }, { op: 'sum', field: 'orig_bytes' }, { op: 'sum', field: 'resp_bytes' }],
      order_by: { measure: 0, direction: 'desc' },
      limit,
    });
    return rows.map((r) => ({ orig: String(r.keys[0]), resp: String(r.keys[1]), connections: r.values[0] ?? 0, bytes: (r.values[1] ?? 0) + (r.values[2] ?? 0) }));
  }
  const rows = await store.observations.select('conn', { where, fields: ['id.orig_h', 'id.resp_h', 'orig_bytes', 'resp_bytes'], orderBy: [{ field: 'ts', direction: 'desc' }], limit: FALLBACK_ROWS });
  const pairs = new Map<string, Pair>();
  for (const r of rows) {
    const k = `${r['id.orig_h']}|${r['id.resp_h']}`;
    const p = pairs.get(k) ?? { orig: String(r['id.orig_h']), resp: String(r['id.resp_h']), connections: 0, bytes: 0 };
    p.connections++;
    p.bytes += num(r.orig_bytes) + num(r.resp_bytes);
    pairs.set(k, p);
  }
  return [...pairs.values()].sort((a, b) => b.connections - a.connections).slice(0, limit);
}

/**
 * Connections a device opened per hour of day (UTC), averaged over the days it was active in
 * [from, to): the same unit as its learned hourly baseline, so the page can draw one against the other.
 */
export async function deviceActivityByHour(store: Store, ips: string[], from: number, to: number): Promise<number[]> {
  const where = and(isIn('id.orig_h', ips), ge('ts', from), lt('ts', to));
  const [byHour, byDay] = await Promise.all([
    store.observations.aggregate('conn', { where, group_by: [{ hour_of_day: true }], measures: [{ op: 'count' }] }),
    store.observations.aggregate('conn', { where, group_by: [{ time_bucket: 86_400 }], measures: [{ op: 'count' }] }),
  ]);
  const days = Math.max(1, byDay.length);
  const out = new Array<number>(24).fill(0);
  for (const r of byHour) out[num(r.keys[0])] = Math.round(((r.values[0] ?? 0) / days) * 10) / 10;
  return out;
}
