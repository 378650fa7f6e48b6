// The entities stage's public API: identity of devices, users, external endpoints and subnets.
export { EntityResolver, type ResolverOptions } from './resolver.js';
export { ENTITY_SNAPSHOT_VERSION, type EntitySnapshot } from './snapshot.js';
export { combineGeo, geoFromRecord, openMmdbGeo, type GeoInfo, type GeoLookup } from './geo.js';
export { inferType, type TypeVerdict } from './device-type.js';
export { parsePrincipal, userIdOf } from './users.js';
export * from './limits.js';
export * from './types.js';
