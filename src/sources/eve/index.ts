// Suricata EVE JSON source: public API.
export { readEve, eveLineHandler, type EveLineHandler, type EveReadOptions, type EveReadSummary, ERROR_BUDGET_PROBE, ERROR_BUDGET_RATIO, MAX_LINE } from './read-eve.js';
export { EveMapper, MAPPED_EVENT_TYPES, type EveMapperOptions } from './eve-mapper.js';
export type { EveObservation, EveObservationType, EveRecords } from './context.js';
export { flowUid, flowIdOfUid } from './uid.js';
