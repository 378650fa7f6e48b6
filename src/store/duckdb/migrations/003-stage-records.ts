// Records of the later stages, as JSON until their issues give them typed columns: entities
// (devices, users, external endpoints), breaches, incidents and response actions.
import type { Migration } from './types.js';

const jsonRecordTable = (name: string) => `CREATE TABLE ${name} (
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  time TIMESTAMP NOT NULL,
  payload JSON NOT NULL
)`;

export const m003StageRecords: Migration = {
  version: 3,
  name: 'entities, breaches, incidents, actions',
  statements: [
    `CREATE TABLE entities (
       id VARCHAR PRIMARY KEY,
       kind VARCHAR NOT NULL,
       attributes JSON NOT NULL,
       first_seen TIMESTAMP NOT NULL,
       last_seen TIMESTAMP NOT NULL
     )`,
    jsonRecordTable('breaches'),
    jsonRecordTable('incidents'),
    jsonRecordTable('actions'),
  ],
};
