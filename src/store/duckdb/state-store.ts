// Learned state (namespace/key → bytes or JSON with the writer's format version) and named
// checkpoints, each written in one transaction. The last few checkpoints of a name are kept so a
// reader can see the history; older ones are pruned in the same transaction.
import { blobValue, type DuckDBBlobValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../errors.js';
import type { Checkpoint, StateEntry, StateStore, StateValue } from '../types.js';
import { checkText, toJson } from '../validate.js';
import { changed, rows, type Db } from './db.js';

/** Checkpoints kept per name (the latest and the ones before it). */
export const CHECKPOINTS_KEPT = 3;

interface Encoded {
  kind: 'bytes' | 'json';
  bytes: DuckDBBlobValue | null;
  json: string | null;
}

function encode(what: string, value: StateValue): Encoded {
  if (value instanceof Uint8Array) return { kind: 'bytes', bytes: blobValue(value), json: null };
  if (value === null || typeof value !== 'object') {
    throw new StoreError('bad_value', `${what} must be bytes (Uint8Array) or a JSON object or array, not ${JSON.stringify(value) ?? String(value)}`);
  }
  return { kind: 'json', bytes: null, json: toJson(what, value) };
}

function decode(kind: DuckDBValue, bytes: DuckDBValue, json: DuckDBValue): StateValue {
  // a copy, so the caller owns its bytes
  if (kind === 'bytes') return new Uint8Array((bytes as DuckDBBlobValue).bytes);
  return JSON.parse(json as string) as StateValue;
}

function checkVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0 || version > 2 ** 31 - 1) {
    throw new StoreError('bad_argument', `version must be an integer from 0 to 2147483647, not ${JSON.stringify(version) ?? String(version)}`);
  }
  return version;
}

/** Records a checkpoint on a connection inside the caller's transaction; returns its sequence number. */
export async function writeCheckpoint(c: DuckDBConnection, name: string, payload: StateValue): Promise<number> {
  checkText('checkpoint name', name);
  const e = encode(`checkpoint ${name}`, payload);
  const [row] = await rows(c, 'SELECT coalesce(max(seq), 0) + 1 FROM checkpoints WHERE name = ?', [name]);
  const seq = Number(row![0] as bigint);
  await c.run('INSERT INTO checkpoints (name, seq, kind, bytes, json) VALUES (?, ?, ?, ?, ?)', [name, BigInt(seq), e.kind, e.bytes, e.json]);
  await c.run('DELETE FROM checkpoints WHERE name = ? AND seq <= ?', [name, BigInt(seq - CHECKPOINTS_KEPT)]);
  return seq;
}

export class DuckDbStateStore implements StateStore {
  constructor(private readonly db: Db) {}

  async put(namespace: string, key: string, value: StateValue, version: number): Promise<void> {
    checkText('namespace', namespace);
    checkText('key', key);
    checkVersion(version);
    const e = encode(`state ${namespace}/${key}`, value);
    await this.db.write(`storing state ${namespace}/${key}`, (c) =>
      c.run(
        `INSERT INTO state (namespace, key, version, kind, bytes, json) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (namespace, key) DO UPDATE SET version = excluded.version, kind = excluded.kind, bytes = excluded.bytes, json = excluded.json`,
        [namespace, key, version, e.kind, e.bytes, e.json],
      ),
    );
  }

  async get(namespace: string, key: string): Promise<StateEntry | undefined> {
    checkText('namespace', namespace);
    checkText('key', key);
    const found = await this.db.read(`reading state ${namespace}/${key}`, (c) =>
      rows(c, 'SELECT key, version, kind, bytes, json FROM state WHERE namespace = ? AND key = ?', [namespace, key]),
    );
    return found.length === 0 ? undefined : entry(namespace, found[0]!);
  }

  async list(namespace: string, prefix = ''): Promise<StateEntry[]> {
    checkText('namespace', namespace);
    checkText('prefix', prefix, { empty: true });
    const found = await this.db.read(`listing state ${namespace}/${prefix}*`, (c) =>
      rows(c, 'SELECT key, version, kind, bytes, json FROM state WHERE namespace = ? AND starts_with(key, ?) ORDER BY key', [namespace, prefix]),
    );
    return found.map((r) => entry(namespace, r));
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    checkText('namespace', namespace);
    checkText('key', key);
    const n = await this.db.write(`deleting state ${namespace}/${key}`, (c) => changed(c, 'DELETE FROM state WHERE namespace = ? AND key = ?', [namespace, key]));
    return n > 0;
  }

  checkpoint(name: string, payload: StateValue): Promise<number> {
    return this.db.write(`recording checkpoint ${name}`, (c) => writeCheckpoint(c, name, payload));
  }

  async latestCheckpoint(name: string): Promise<Checkpoint | undefined> {
    checkText('checkpoint name', name);
    const found = await this.db.read(`reading checkpoint ${name}`, (c) =>
      rows(c, 'SELECT seq, kind, bytes, json FROM checkpoints WHERE name = ? ORDER BY seq DESC LIMIT 1', [name]),
    );
    if (found.length === 0) return undefined;
    const [seq, kind, bytes, json] = found[0]!;
    return { name, seq: Number(seq as bigint), payload: decode(kind!, bytes!, json!) };
  }
}

function entry(namespace: string, [key, version, kind, bytes, json]: DuckDBValue[]): StateEntry {
  return { namespace, key: key as string, version: version as number, value: decode(kind!, bytes!, json!) };
}
