// Brings a database to the schema this build knows: applies the missing numbered steps, each in its
// own transaction with its row in schema_version, and refuses a database from a newer build.
import { StoreError } from '../errors.js';
import { rows, type Db } from './db.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

const CREATE_SCHEMA_VERSION = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL,
  applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)`;

export async function schemaVersion(db: Db): Promise<number> {
  return db.read('reading the schema version', async (c) => {
    const [row] = await rows(c, 'SELECT coalesce(max(version), 0) FROM schema_version');
    return Number(row?.[0] ?? 0);
  });
}

/** Applies missing migrations; returns the resulting version. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new StoreError('bad_argument', `migration "${m.name}" is numbered ${m.version} but is step ${i + 1}: number steps 1, 2, 3, … in order`);
  });
  await db.write('creating the schema_version table', (c) => c.run(CREATE_SCHEMA_VERSION));
  const current = await schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new StoreError(
      'schema_too_new',
      `${db.label} has schema version ${current}, but this build of Mamori knows versions up to ${latest}: open it with a newer Mamori (databases are upgraded, never downgraded)`,
    );
  }
  for (const m of migrations.slice(current)) {
    await db.write(`schema migration ${m.version} (${m.name}) on ${db.label}`, async (c) => {
      for (const statement of m.statements) await c.run(statement);
      await c.run('INSERT INTO schema_version (version, name) VALUES (?, ?)', [m.version, m.name]);
    });
  }
  return Math.max(current, latest);
}
