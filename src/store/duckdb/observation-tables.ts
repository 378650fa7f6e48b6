// One table per observation type, following the schema's Zeek layouts: created when missing, and
// given the new columns when a layout grows (additive changes need no migration). A column whose
// type changed, or a layout column removed, needs a numbered migration; a changed type is refused
// here, a removed column stays in the table and is no longer read or written.
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
import type { ObservationType } from '../../schema/observation.js';
import { columnsOf, EXTRA_COLUMN, SOURCE_COLUMN, type ObservationColumn } from '../columns.js';
import { StoreError } from '../errors.js';
import { rows, type Db } from './db.js';
import { ident, observationTable, SQL_TYPE } from './sql.js';

/** What each column of the table (in the table's order) holds. */
export type TableSlot = ObservationColumn | typeof SOURCE_COLUMN | typeof EXTRA_COLUMN | null;

export interface ObservationTable {
  type: ObservationType;
  /** quoted table name */
  table: string;
  slots: readonly TableSlot[];
}

function wanted(type: ObservationType): { name: string; sqlType: string; slot: TableSlot }[] {
  return [
    ...columnsOf(type).layout.map((c) => ({ name: c.name, sqlType: SQL_TYPE[c.kind], slot: c as TableSlot })),
    { name: SOURCE_COLUMN, sqlType: 'VARCHAR', slot: SOURCE_COLUMN },
    { name: EXTRA_COLUMN, sqlType: 'JSON', slot: EXTRA_COLUMN },
  ];
}

export async function syncObservationTables(db: Db): Promise<Map<ObservationType, ObservationTable>> {
  return db.write('creating the observation tables', async (c) => {
    const existing = new Map<string, { name: string; sqlType: string }[]>();
    const found = await rows(
      c,
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND starts_with(table_name, 'obs_')
       ORDER BY table_name, column_index`,
    );
    for (const [table, name, sqlType] of found) {
      let list = existing.get(String(table));
      if (!list) existing.set(String(table), (list = []));
      list.push({ name: String(name), sqlType: String(sqlType) });
    }
    const tables = new Map<ObservationType, ObservationTable>();
    for (const type of Object.keys(ZEEK_LAYOUTS) as ObservationType[]) {
      const table = observationTable(type);
      const want = wanted(type);
      const have = existing.get('obs_' + type);
      if (!have) {
        await c.run(`CREATE TABLE ${table} (${want.map((w) => `${ident(w.name)} ${w.sqlType}`).join(', ')})`);
        tables.set(type, { type, table, slots: want.map((w) => w.slot) });
        continue;
      }
      const byName = new Map(have.map((h) => [h.name.toLowerCase(), h]));
      const added: typeof want = [];
      for (const w of want) {
        const h = byName.get(w.name.toLowerCase());
        if (!h) added.push(w);
        else if (h.sqlType !== w.sqlType) {
          throw new StoreError(
            'layout_mismatch',
            `${db.label}: column ${w.name} of obs_${type} is ${h.sqlType} but the ${type} layout now stores ${w.sqlType}; add a numbered migration in src/store/duckdb/migrations that converts it`,
          );
        }
      }
      for (const w of added) await c.run(`ALTER TABLE ${table} ADD COLUMN ${ident(w.name)} ${w.sqlType}`);
      const slotOf = new Map(want.map((w) => [w.name.toLowerCase(), w.slot]));
      const slots = [...have.map((h) => slotOf.get(h.name.toLowerCase()) ?? null), ...added.map((w) => w.slot)];
      tables.set(type, { type, table, slots });
    }
    return tables;
  });
}
