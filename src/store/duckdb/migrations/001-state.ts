// Learned state and checkpoints (the learning stage's models, the ingest service's file offsets)
// and the per-type retention policy.
import type { Migration } from './types.js';

export const m001State: Migration = {
  version: 1,
  name: 'state, checkpoints and retention',
  statements: [
    // exactly one of bytes / json is set, as `kind` says
    `CREATE TABLE state (
       namespace VARCHAR NOT NULL,
       key VARCHAR NOT NULL,
       version INTEGER NOT NULL,
       kind VARCHAR NOT NULL CHECK (kind IN ('bytes', 'json')),
       bytes BLOB,
       json JSON,
       PRIMARY KEY (namespace, key)
     )`,
    `CREATE TABLE checkpoints (
       name VARCHAR NOT NULL,
       seq BIGINT NOT NULL,
       kind VARCHAR NOT NULL CHECK (kind IN ('bytes', 'json')),
       bytes BLOB,
       json JSON,
       PRIMARY KEY (name, seq)
     )`,
    `CREATE TABLE retention (
       type VARCHAR PRIMARY KEY,
       max_age_seconds DOUBLE NOT NULL
     )`,
  ],
};
