// The store contract on embedded DuckDB, in memory and in a file, plus what only DuckDB has:
// migrations of a database file, layout changes of observation tables, and errors on open.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, test } from 'vitest';
import { runStoreContract } from '../contract.js';
import { expectStoreError, syntheticConn } from '../contract/harness.js';
import { openStore } from '../index.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDuckDbStore } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-store-'));
let files = 0;
const freshPath = () => join(dir, `db-${++files}`, 'mamori.duckdb');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('duckdb in memory', { open: () => openStore() });

runStoreContract('duckdb file', {
  open: () => openStore({ path: freshPath() }),
  persistent: { location: freshPath, open: (path) => openStore({ path }) },
});

/** Runs SQL on a database file directly, as an older or newer Mamori (or a person) would have. */
async function raw(path: string, ...sql: string[]): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  let last: unknown[][] = [];
  try {
    for (const s of sql) last = (await c.runAndReadAll(s)).getRowsJS();
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return last;
}

describe('duckdb migrations', () => {
  test('the steps are numbered 1, 2, 3, … in order', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  test('a version-1 database file is upgraded on open, keeping its data', async () => {
    const path = freshPath();
    const v1 = await openDuckDbStore({ path, migrations: MIGRATIONS.slice(0, 1) });
    expect(await v1.schemaVersion()).toBe(1);
    await v1.state.put('learning', 'model', { weights: [1, 2] }, 4);
    await v1.observations.append([{ type: 'conn', record: syntheticConn(1) }]);
    await v1.close();
    expect(await raw(path, `SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('quarantine', 'audit_log', 'entities')`)).toStrictEqual([[0n]]);

    const upgraded = await openStore({ path });
    expect(await upgraded.schemaVersion()).toBe(MIGRATIONS.length);
    expect((await upgraded.state.get('learning', 'model'))?.value).toStrictEqual({ weights: [1, 2] });
    expect(await upgraded.observations.count('conn')).toBe(1);
    await upgraded.quarantine.add([{ source: 's', line: 1, raw: 'r', reason: 'x' }]);
    await upgraded.audit.append({ ts: 1, actor: 'a', action: 'b' });
    await upgraded.entities.put([{ id: 'e', kind: 'device', time: 1, payload: {} }]);
    await upgraded.close();
    expect(await raw(path, 'SELECT version, name FROM schema_version ORDER BY version')).toStrictEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  test('a database from a newer Mamori is refused with schema_too_new, and left untouched', async () => {
    const path = freshPath();
    const future = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'from the future', statements: ['CREATE TABLE future_things (x INTEGER)'] }];
    await (await openDuckDbStore({ path, migrations: future })).close();
    const e = await expectStoreError(openStore({ path }), 'schema_too_new');
    expect(e.message).toContain(`schema version ${MIGRATIONS.length + 1}`);
    expect(e.message).toContain('newer Mamori');
    // refused, and the file was released: it opens again with the newer steps
    const again = await openDuckDbStore({ path, migrations: future });
    expect(await again.schemaVersion()).toBe(MIGRATIONS.length + 1);
    await again.close();
  });

  test('a failing step is rolled back whole and leaves the database at the previous version', async () => {
    const path = freshPath();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', statements: ['CREATE TABLE half_done (x INTEGER)', 'THIS IS NOT SQL'] }];
    await expectStoreError(openDuckDbStore({ path, migrations: broken }), 'write_failed');
    const store = await openStore({ path });
    expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
    await store.close();
    expect(await raw(path, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'`)).toStrictEqual([[0n]]);
  });
});

describe('duckdb observation tables', () => {
  test('a layout column missing from an existing table is added on open; old rows read it as absent', async () => {
    const path = freshPath();
    const store = await openStore({ path });
    await store.observations.append([{ type: 'conn', record: syntheticConn(1) }]);
    await store.close();
    // as if the table came from a build whose layout had no community_id yet
    await raw(path, 'ALTER TABLE obs_conn DROP COLUMN community_id');
    const reopened = await openStore({ path });
    const [old] = await reopened.observations.select('conn');
    expect(old!.record.community_id).toBeUndefined();
    const { community_id: _dropped, ...rest } = syntheticConn(1);
    expect(old!.record).toStrictEqual(rest);
    await reopened.observations.append([{ type: 'conn', record: syntheticConn(2) }]);
    expect((await reopened.observations.select('conn', { fields: ['community_id'] })).map((r) => r['community_id'])).toStrictEqual([null, syntheticConn(2).community_id]);
    await reopened.close();
  });

  test('a column no longer in the layout stays in the table and is ignored', async () => {
    const path = freshPath();
    await (await openStore({ path })).close();
    await raw(path, 'ALTER TABLE obs_dns ADD COLUMN retired_field VARCHAR');
    const store = await openStore({ path });
    await store.observations.append([{ type: 'dns', record: { ts: 1, uid: 'C1', id: { orig_h: 'a', orig_p: 1, resp_h: 'b', resp_p: 53 }, query: 'x' } }]);
    expect(await store.observations.select('dns')).toStrictEqual([{ type: 'dns', record: { ts: 1, uid: 'C1', id: { orig_h: 'a', orig_p: 1, resp_h: 'b', resp_p: 53 }, query: 'x' } }]);
    await store.close();
  });

  test('a column whose type differs from the layout is refused with layout_mismatch', async () => {
    const path = freshPath();
    await (await openStore({ path })).close();
    await raw(path, 'ALTER TABLE obs_conn ALTER COLUMN orig_bytes TYPE VARCHAR');
    const e = await expectStoreError(openStore({ path }), 'layout_mismatch');
    expect(e.message).toContain('orig_bytes');
  });

  test('times are stored as TIMESTAMP at µs, counts as BIGINT, lists as LISTs, extra as JSON', async () => {
    const path = freshPath();
    const store = await openStore({ path });
    await store.observations.append([{ type: 'conn', record: syntheticConn(1, { ts: 1_700_000_000.000001 }), extra: { a: 1 } }]);
    await store.close();
    const types = await raw(path, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'obs_conn' AND column_name IN ('ts', 'orig_bytes', 'id.orig_p', 'tunnel_parents', 'duration', '_extra') ORDER BY column_name`);
    expect(types).toStrictEqual([
      ['_extra', 'JSON'],
      ['duration', 'DOUBLE'],
      ['id.orig_p', 'INTEGER'],
      ['orig_bytes', 'BIGINT'],
      ['ts', 'TIMESTAMP'],
      ['tunnel_parents', 'VARCHAR[]'],
    ]);
    expect(await raw(path, `SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%f'), _extra->>'a' FROM obs_conn`)).toStrictEqual([['2023-11-14 22:13:20.000001', '1']]);
  });
});

describe('duckdb open', () => {
  test('a file that is not a database is refused with open_failed', async () => {
    const path = join(dir, 'not-a-database.duckdb');
    writeFileSync(path, 'this is a text file, not a DuckDB database\n'.repeat(200));
    const e = await expectStoreError(openStore({ path }), 'open_failed');
    expect(e.message).toContain(path);
  });

  test('a file already open in this process is refused until it is closed (two instances would corrupt it)', async () => {
    const path = freshPath();
    const first = await openStore({ path });
    const [a, b] = await Promise.allSettled([openStore({ path }), openStore({ path: join(path, '..', '.', 'mamori.duckdb') })]);
    for (const r of [a, b]) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'open_failed' });
    }
    await first.close();
    await (await openStore({ path })).close();
  });

  test('a file held by another process is refused with open_failed', async () => {
    const path = freshPath();
    await (await openStore({ path })).close();
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(path)}); console.log('open'); setTimeout(() => {}, 30000);`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((ok, fail) => {
        holder.stdout.on('data', () => ok());
        holder.on('exit', (code) => fail(new Error(`the holder exited with ${code}`)));
      });
      const e = await expectStoreError(openStore({ path }), 'open_failed');
      expect(e.message).toContain('another Mamori process');
    } finally {
      const exited = new Promise((ok) => holder.once('exit', ok));
      holder.kill();
      await exited;
    }
  });

  test('the folder of a new database file is created', async () => {
    const path = join(dir, 'deep', 'er', 'store.duckdb');
    const store = await openStore({ path });
    expect(await store.observations.count('conn')).toBe(0);
    await store.close();
  });
});
