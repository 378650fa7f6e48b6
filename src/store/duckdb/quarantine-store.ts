// Input lines that could not be turned into observations, kept with source, line, raw text and
// reason so every rejection can be inspected and replayed.
import type { DuckDBValue } from '@duckdb/node-api';
import { QuarantinedLineSchema, type QuarantinedLine } from '../../schema/quarantine.js';
import { StoreError } from '../errors.js';
import type { PageQuery, QuarantineStore } from '../types.js';
import { checkText } from '../validate.js';
import { rows, type Db } from './db.js';
import { insertRows } from './insert.js';
import { pageClause } from './paging.js';

export class DuckDbQuarantineStore implements QuarantineStore {
  constructor(private readonly db: Db) {}

  async add(lines: readonly QuarantinedLine[]): Promise<void> {
    const values = lines.map((l, i): DuckDBValue[] => {
      const parsed = QuarantinedLineSchema.safeParse(l);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreError('bad_value', `quarantined line ${i} of the call: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`);
      }
      return [l.source, BigInt(l.line), l.raw, l.reason];
    });
    if (values.length === 0) return;
    await this.db.write(`quarantining ${values.length} lines`, (c) => insertRows(c, 'quarantine', ['source', 'line', 'raw', 'reason'], values));
  }

  async list(query: PageQuery & { source?: string } = {}): Promise<QuarantinedLine[]> {
    const params: DuckDBValue[] = [];
    let where = '';
    if (query.source !== undefined) {
      params.push(checkText('source', query.source));
      where = ' WHERE source = ?';
    }
    const sql = `SELECT source, line, raw, reason FROM quarantine${where} ORDER BY seq${pageClause(query, params)}`;
    const found = await this.db.read('listing quarantined lines', (c) => rows(c, sql, params));
    return found.map(([source, line, raw, reason]) => ({ source: source as string, line: Number(line as bigint), raw: raw as string, reason: reason as string }));
  }

  async count(source?: string): Promise<number> {
    const params: DuckDBValue[] = source === undefined ? [] : [checkText('source', source)];
    const sql = `SELECT count(*) FROM quarantine${source === undefined ? '' : ' WHERE source = ?'}`;
    const [row] = await this.db.read('counting quarantined lines', (c) => rows(c, sql, params));
    return Number(row![0] as bigint);
  }
}
