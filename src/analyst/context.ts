// What the analyst may consult besides the breaches: the narrow read-only views of the entities and
// the pattern of life it needs. `LearnPipeline.entities` and `LearnPipeline.pol` fit them as they
// are; tests pass small fakes. Both are optional: without them incidents still form, and the
// investigation says only what the breaches themselves carry.
import type { Device, Endpoint } from '../entities/index.js';
import type { PeerGroupMembership } from '../learning/index.js';

export interface EntityView {
  /** the device that held `ip` at `ts` */
  deviceFor(ip: string, ts: number): Device | undefined;
  device(id: string): Device | undefined;
  endpointFor(ip: string): Endpoint | undefined;
  isLocal(ip: string): boolean;
}

/** Org-wide sightings of a value (an external IP or hostname) in the pattern of life. */
export interface SightingsView {
  get(key: string): { first: number; last: number; sightings: number; devices: { gen: number; count(gen: number): number } } | undefined;
}

export interface PatternView {
  readonly devices: ReadonlyMap<string, { first: number; last: number }>;
  readonly rarity: { readonly ip: SightingsView; readonly host: SightingsView };
  peerGroupOf(deviceId: string): PeerGroupMembership | undefined;
}

export interface AnalystContext {
  entities?: EntityView;
  pol?: PatternView;
}
