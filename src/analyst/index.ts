// The analyst stage: breaches → incidents (correlated across devices, time and attack phases),
// with a score, an alert level, bilingual title, summary and timeline, recommended actions and a
// first investigation.
export { IncidentBuilder } from './incident-builder.js';
export { DEFAULT_LEVELS, isPrivateAddress, type AnalystOptions, type LevelThresholds } from './options.js';
export type { AnalystContext, EntityView, PatternView } from './context.js';
export { phaseOf, tacticsOf, deviceRole, PHASE_SEVERITY, type DeviceRole } from './phases.js';
