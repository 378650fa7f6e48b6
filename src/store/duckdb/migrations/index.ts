// The schema steps in order. Append a new file for every change; never edit a released step (a
// database that already applied it would not see the edit). Observation tables are not here: they
// follow the schema's Zeek layouts (see ../observation-tables.ts).
import { m001State } from './001-state.js';
import { m002Operations } from './002-operations.js';
import { m003StageRecords } from './003-stage-records.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

export const MIGRATIONS: readonly Migration[] = [m001State, m002Operations, m003StageRecords];
