// Opening the embedded DuckDB store: the file (or memory), the numbered migrations, then the
// observation tables that follow the schema's layouts.
import type { EntityRecord, OpenStoreOptions, RecordStore, Store } from '../types.js';
import { DuckDbAuditStore } from './audit-store.js';
import { Db } from './db.js';
import { migrate, schemaVersion } from './migrate.js';
import type { Migration } from './migrations/index.js';
import { syncObservationTables } from './observation-tables.js';
import { DuckDbObservationStore } from './observation-store.js';
import { DuckDbQuarantineStore } from './quarantine-store.js';
import { ACTIONS, BREACHES, DuckDbRecordStore, ENTITIES, INCIDENTS } from './record-store.js';
import { DuckDbStateStore } from './state-store.js';

export interface DuckDbOpenOptions extends OpenStoreOptions {
  /** the migration steps to bring the database to (tests open older or newer schemas with this) */
  migrations?: readonly Migration[];
}

class DuckDbStore implements Store {
  readonly state: DuckDbStateStore;
  readonly quarantine: DuckDbQuarantineStore;
  readonly audit: DuckDbAuditStore;
  readonly entities: RecordStore<EntityRecord>;
  readonly breaches: RecordStore;
  readonly incidents: RecordStore;
  readonly actions: RecordStore;

  constructor(
    private readonly db: Db,
    readonly observations: DuckDbObservationStore,
  ) {
    this.state = new DuckDbStateStore(db);
    this.quarantine = new DuckDbQuarantineStore(db);
    this.audit = new DuckDbAuditStore(db);
    this.entities = new DuckDbRecordStore<EntityRecord>(db, ENTITIES);
    this.breaches = new DuckDbRecordStore(db, BREACHES);
    this.incidents = new DuckDbRecordStore(db, INCIDENTS);
    this.actions = new DuckDbRecordStore(db, ACTIONS);
  }

  schemaVersion(): Promise<number> {
    return schemaVersion(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export async function openDuckDbStore(options: DuckDbOpenOptions = {}): Promise<Store> {
  const db = await Db.open(options.path);
  try {
    await migrate(db, options.migrations);
    const tables = await syncObservationTables(db);
    return new DuckDbStore(db, new DuckDbObservationStore(db, tables));
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
