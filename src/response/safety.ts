// Safety rules that no policy or analyst can override: never act on the never-act list (gateways,
// domain controllers, critical servers), never target a management address, never block an internal
// address for everyone, never act on an address that is not one.
import type { ActionKind, ActionTarget } from '../schema/action.js';
import { inAny, parseAddr, parseCidr, type Cidr } from './address.js';
import type { ResponseConfig } from './config.js';

export interface SafetyLists {
  neverIps: Cidr[];
  neverTypes: Set<string>;
  neverDevices: Set<string>;
  management: Cidr[];
  internal: Cidr[];
}

export function safetyLists(cfg: ResponseConfig): SafetyLists {
  const nets = (xs: string[]) => xs.map((x) => parseCidr(x)!).filter(Boolean);
  return {
    neverIps: nets(cfg.never_act.ips),
    neverTypes: new Set(cfg.never_act.device_types),
    neverDevices: new Set(cfg.never_act.devices),
    management: nets(cfg.management.ips),
    internal: nets(cfg.internal_nets),
  };
}

/** Why acting on this target is refused, or undefined when it is allowed. */
export function refusal(s: SafetyLists, kind: ActionKind, t: ActionTarget, deviceType?: string): string | undefined {
  if (t.device) {
    const d = t.device;
    if (!parseAddr(d.ip)) return `device ${d.id} has no usable address (${JSON.stringify(d.ip)})`;
    if (s.neverDevices.has(d.id)) return `device ${d.id} is on the never-act list`;
    if (inAny(s.neverIps, d.ip)) return `device ${d.id} (${d.ip}) is in a never-act network`;
    if (deviceType !== undefined && s.neverTypes.has(deviceType)) return `device ${d.id} is a ${deviceType}, a never-act device type`;
    if (inAny(s.management, d.ip)) return `device ${d.id} (${d.ip}) is a management address`;
  }
  if (t.destination) {
    const x = t.destination;
    if (!parseAddr(x.ip)) return `destination ${JSON.stringify(x.ip)} is not an address`;
    if (inAny(s.management, x.ip)) return `destination ${x.ip} is a management address`;
    // blocking an endpoint affects every device: only for external ones, and never for a protected one
    if (kind === 'block_endpoint') {
      if (inAny(s.neverIps, x.ip)) return `endpoint ${x.ip} is in a never-act network`;
      if (inAny(s.internal, x.ip)) return `endpoint ${x.ip} is internal: blocking it for everyone is not allowed (quarantine the device instead)`;
    }
  }
  if (kind !== 'block_endpoint' && !t.device) return `a ${kind} action needs a device`;
  if ((kind === 'block_connection' || kind === 'block_endpoint') && !t.destination) return `a ${kind} action needs a destination`;
  return undefined;
}
