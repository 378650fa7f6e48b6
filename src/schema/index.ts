export * from './conn.js';
export * from './anomaly.js';
export * from './observation.js';
export * from './errors.js';
export * from './zeek-layout.js';
export * from './logs/index.js';
