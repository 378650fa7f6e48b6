// What the observation handlers and the snapshot code need from the resolver. A separate interface
// so that they do not import resolver.ts, which imports them (the module graph stays acyclic).
import type { DeviceRecord, DeviceTable } from './device-table.js';
import type { EndpointTable } from './endpoints.js';
import type { UserTable } from './users.js';

export interface ResolverCore {
  readonly table: DeviceTable;
  readonly endpointTable: EndpointTable;
  readonly userTable: UserTable;
  readonly localNetCidrs: string[];
  isLocal(ip: string): boolean;
  /** the device at a local unicast address, made from the address when unknown; undefined otherwise */
  localDevice(ip: string, ts: number): DeviceRecord | undefined;
  /** the device at an address if one is known; never makes one */
  knownDevice(ip: string, ts: number): DeviceRecord | undefined;
}
