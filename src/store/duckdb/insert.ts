// Multi-row parameterised INSERTs for the small tables (quarantine, audit, stage records), where an
// appender's setup costs more than it saves. Table and column names are constants of this folder.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** Rows per INSERT statement (DuckDB binds each value as one parameter). */
const ROWS_PER_STATEMENT = 256;

export async function insertRows(c: DuckDBConnection, table: string, columns: readonly string[], values: readonly DuckDBValue[][], suffix = ''): Promise<void> {
  const row = '(' + columns.map(() => '?').join(', ') + ')';
  for (let off = 0; off < values.length; off += ROWS_PER_STATEMENT) {
    const part = values.slice(off, off + ROWS_PER_STATEMENT);
    await c.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => row).join(', ')}${suffix}`, part.flat());
  }
}
