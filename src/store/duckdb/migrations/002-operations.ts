// Operations: input lines that could not be read (quarantine) and the append-only audit log.
import type { Migration } from './types.js';

export const m002Operations: Migration = {
  version: 2,
  name: 'quarantine and audit log',
  statements: [
    `CREATE SEQUENCE quarantine_seq`,
    `CREATE TABLE quarantine (
       seq BIGINT NOT NULL DEFAULT nextval('quarantine_seq'),
       source VARCHAR NOT NULL,
       line BIGINT NOT NULL,
       raw VARCHAR NOT NULL,
       reason VARCHAR NOT NULL
     )`,
    `CREATE SEQUENCE audit_log_seq`,
    `CREATE TABLE audit_log (
       seq BIGINT NOT NULL DEFAULT nextval('audit_log_seq'),
       ts TIMESTAMP NOT NULL,
       actor VARCHAR NOT NULL,
       action VARCHAR NOT NULL,
       target VARCHAR,
       details JSON
     )`,
  ],
};
