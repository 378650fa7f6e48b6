// Helpers for the EVE tests: run lines through readEve and collect what comes out.
import { Readable } from 'node:stream';
import type { QuarantinedLine } from '../../schema/quarantine.js';
import type { EveObservation, EveObservationType, EveRecords } from './context.js';
import { readEve, type EveReadOptions, type EveReadSummary } from './read-eve.js';

export interface EveRun {
  obs: EveObservation[];
  q: QuarantinedLine[];
  s: EveReadSummary;
  /** records of one type */
  of<K extends EveObservationType>(type: K): EveRecords[K][];
}

/** Reads EVE events (objects are JSON-encoded, strings are taken as lines). */
export async function runEve(lines: (object | string)[], opts: Partial<EveReadOptions> = {}): Promise<EveRun> {
  const obs: EveObservation[] = [];
  const q: QuarantinedLine[] = [];
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const s = await readEve(Readable.from([text]), { ...opts, onObservation: (o) => obs.push(o), onQuarantine: (x) => q.push(x) }, 'test.json');
  return { obs, q, s, of: (type) => obs.filter((o) => o.type === type).map((o) => o.record) as never };
}
