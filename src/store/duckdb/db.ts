// One open DuckDB database: a writer connection whose calls run one at a time, each in a
// transaction, and a reader connection for queries, which DuckDB's MVCC lets run beside writes and
// see only committed data. Engine errors leave here as StoreErrors.
import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { StoreError, type StoreErrorCode } from '../errors.js';
import { Lock } from './lock.js';

export type Params = DuckDBValue[];

/**
 * Database files open in this process. DuckDB's file lock keeps other processes out but not a second
 * instance in the same process, and two instances writing one file would corrupt it.
 */
const openFiles = new Set<string>();

export class Db {
  private readonly writeLock = new Lock();
  private readonly readLock = new Lock();
  private closed = false;

  private constructor(
    /** the file, or "in-memory database", for messages */
    readonly label: string,
    private readonly file: string | undefined,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  static async open(path: string | undefined): Promise<Db> {
    let file: string | undefined;
    let instance: DuckDBInstance;
    try {
      if (path !== undefined) {
        mkdirSync(dirname(resolve(path)), { recursive: true });
        file = join(realpathSync(dirname(resolve(path))), basename(path));
      }
    } catch (e) {
      throw new StoreError('open_failed', `cannot create the folder of the database ${path}: ${message(e)}`, { cause: e });
    }
    const label = file ?? 'in-memory database';
    if (file !== undefined && openFiles.has(file)) {
      throw new StoreError('open_failed', `the database ${file} is already open in this process: share its Store, or close it before opening it again`);
    }
    if (file !== undefined) openFiles.add(file); // before the await: a concurrent open of the same file is refused too
    try {
      instance = await DuckDBInstance.create(file ?? ':memory:');
    } catch (e) {
      if (file !== undefined) openFiles.delete(file);
      throw new StoreError(
        'open_failed',
        `cannot open the database ${label}: ${message(e)}. If another Mamori process has it open, stop that process or give another path; if the file is not a Mamori database, move it away.`,
        { cause: e },
      );
    }
    try {
      return new Db(label, file, instance, await instance.connect(), await instance.connect());
    } catch (e) {
      instance.closeSync();
      if (file !== undefined) openFiles.delete(file);
      throw new StoreError('open_failed', `cannot connect to the database ${label}: ${message(e)}`, { cause: e });
    }
  }

  /** Runs a query on the reader connection. */
  read<T>(what: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    return this.readLock.run(async () => {
      if (this.closed) throw closedError();
      try {
        return await fn(this.reader);
      } catch (e) {
        throw wrap('query_failed', what, e);
      }
    });
  }

  /** Runs writes in one transaction on the writer connection: all of them are kept or none. */
  write<T>(what: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    return this.writeLock.run(async () => {
      if (this.closed) throw closedError();
      const c = this.writer;
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await fn(c);
        await c.run('COMMIT');
        return result;
      } catch (e) {
        try {
          await c.run('ROLLBACK');
        } catch {
          // the transaction is already gone (DuckDB aborts it on some errors)
        }
        throw wrap('write_failed', what, e);
      }
    });
  }

  /** Waits for running calls, checkpoints (WAL into the file) and releases the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    const finish = async () => {
      if (this.closed) return;
      this.closed = true;
      try {
        await this.writer.run('CHECKPOINT');
      } finally {
        this.writer.closeSync();
        this.reader.closeSync();
        this.instance.closeSync();
        if (this.file !== undefined) openFiles.delete(this.file);
      }
    };
    await this.readLock.run(() => this.writeLock.run(finish));
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function wrap(code: StoreErrorCode, what: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  return new StoreError(code, `${what} failed: ${message(e)}`, { cause: e });
}

function closedError(): StoreError {
  return new StoreError('closed', 'the store is closed; open it again with openStore()');
}

/** All rows of a query as DuckDB values. */
export async function rows(c: DuckDBConnection, sql: string, params: Params = []): Promise<DuckDBValue[][]> {
  const reader = await c.runAndReadAll(sql, params);
  return reader.getRows();
}

/** The number of rows a statement changed. */
export async function changed(c: DuckDBConnection, sql: string, params: Params = []): Promise<number> {
  const result = await c.run(sql, params);
  return Number(result.rowsChanged);
}
