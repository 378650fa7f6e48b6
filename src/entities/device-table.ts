// Devices and how addresses and MACs map to them. Identity rules:
// - a DHCP lease or an on-link pairing (a frame's MAC with its local address) binds the address to
//   the device of that MAC, whose id is 'dev:' + the MAC and never changes when the address does;
// - a MAC that carries many addresses is a gateway: its pairings are withdrawn and it names no one;
// - a local address seen without a usable MAC is a device of its own ('dev:ip:' + address), which
//   keeps its id if a MAC for it turns up later.
import { learnedSubnet, normaliseHostname } from './addr.js';
import { Bindings, strongerSource } from './bindings.js';
import { inferType } from './device-type.js';
import { emptyEvidence, type Evidence } from './evidence.js';
import { evict, touch, trimBySeen } from './lru.js';
import { GATEWAY_MIN_IPS, MAX_DEVICES, MAX_HOSTNAMES_PER_DEVICE, MAX_IPS_PER_DEVICE, MAX_MACS_PER_DEVICE, MAX_MACS_TRACKED, MAX_USERS_PER_DEVICE } from './limits.js';
import type { Device, HostnameSource, IpSource } from './types.js';

/** Addresses a MAC carried within this window count towards calling it a gateway (a host's own addresses change far more slowly). */
export const GATEWAY_WINDOW_S = 3600;

export interface DeviceRecord {
  device: Device;
  ev: Evidence;
  /** type, type_evidence and subnet need recomputing */
  dirty: boolean;
}

export interface DeviceLimits {
  maxDevices: number;
}

export class DeviceTable {
  readonly devices = new Map<string, DeviceRecord>();
  readonly byMac = new Map<string, string>();
  /** per MAC, addresses it carried that were not leased to it, with when each was last seen */
  readonly macIps = new Map<string, [string, number][]>();
  /** gateway MAC → when it was recognised */
  readonly gateways = new Map<string, number>();
  readonly bindings = new Bindings();

  constructor(private readonly limits: DeviceLimits = { maxDevices: MAX_DEVICES }) {}

  get(id: string): DeviceRecord | undefined {
    return this.devices.get(id);
  }

  /** The device holding `ip` at `ts`, if any is known. */
  at(ip: string, ts: number): DeviceRecord | undefined {
    const b = this.bindings.holder(ip, ts);
    return b ? this.devices.get(b.device) : undefined;
  }

  /** The device holding local `ip` at `ts`, made from the address alone when none is known. */
  ensureAt(ip: string, ts: number): DeviceRecord {
    const held = this.at(ip, ts);
    if (held) {
      this.seen(held, ts);
      this.addIp(held, ip, ts, 'ip');
      return held;
    }
    const id = `dev:ip:${ip}`;
    const rec = this.devices.get(id) ?? this.create(id, ts);
    this.seen(rec, ts);
    this.addIp(rec, ip, ts, 'ip');
    this.bindings.bind(ip, id, ts, 'ip');
    return rec;
  }

  /** The device of a MAC, made when new; undefined for gateway MACs. */
  forMac(mac: string, ts: number): DeviceRecord | undefined {
    if (this.gateways.has(mac)) return undefined;
    const id = this.byMac.get(mac);
    let rec = id ? this.devices.get(id) : undefined;
    if (!rec) {
      rec = this.devices.get(`dev:${mac}`) ?? this.create(`dev:${mac}`, ts);
      this.addMac(rec, mac);
    }
    this.seen(rec, ts);
    return rec;
  }

  /**
   * `mac` was seen with local `ip` at `ts`: binds the address to the MAC's device. Returns undefined
   * when the MAC is (or now turns out to be) a gateway, so the caller falls back to the address.
   */
  pair(mac: string, ip: string, ts: number, source: 'dhcp' | 'l2'): DeviceRecord | undefined {
    if (source === 'l2' && this.noteGatewayEvidence(mac, ip, ts)) return undefined;
    if (this.gateways.has(mac) && source === 'l2') return undefined;
    let rec: DeviceRecord | undefined;
    if (!this.byMac.has(mac) && !this.devices.has(`dev:${mac}`)) {
      // An address-only device that now shows its MAC keeps its id: ids must not change under readers.
      const held = this.at(ip, ts);
      if (held && held.device.macs.length === 0 && held.device.id.startsWith('dev:ip:')) {
        rec = held;
        this.addMac(rec, mac);
      }
    }
    rec ??= this.forMac(mac, ts) ?? this.create(`dev:${mac}`, ts);
    this.seen(rec, ts);
    if (source === 'dhcp') {
      // A new lease means the device left its previous leased address of the same family.
      const v6 = ip.includes(':');
      for (const x of rec.device.ips) if (x.source === 'dhcp' && x.ip !== ip && x.ip.includes(':') === v6) this.bindings.close(x.ip, rec.device.id, ts);
    }
    this.addIp(rec, ip, ts, source);
    this.bindings.bind(ip, rec.device.id, ts, source);
    return rec;
  }

  addHostname(rec: DeviceRecord, raw: string | undefined, source: HostnameSource, ts: number): void {
    const name = normaliseHostname(raw);
    if (!name) return;
    const list = rec.device.hostnames;
    const h = list.find((x) => x.name === name && x.source === source);
    if (h) {
      if (ts > h.last_seen) h.last_seen = ts;
      if (ts < h.first_seen) h.first_seen = ts;
      return;
    }
    list.push({ name, source, first_seen: ts, last_seen: ts });
    trimBySeen(list, MAX_HOSTNAMES_PER_DEVICE);
  }

  addUser(rec: DeviceRecord, user: string, ts: number): void {
    const list = rec.device.users;
    const u = list.find((x) => x.user === user);
    if (u) {
      if (ts > u.last_seen) u.last_seen = ts;
      if (ts < u.first_seen) u.first_seen = ts;
      return;
    }
    list.push({ user, first_seen: ts, last_seen: ts });
    trimBySeen(list, MAX_USERS_PER_DEVICE);
  }

  /** Brings type, evidence and subnet up to date and returns the device. */
  view(rec: DeviceRecord): Device {
    if (!rec.dirty) return rec.device;
    const d = rec.device;
    const verdict = inferType(rec.ev);
    d.type = verdict.type;
    d.type_evidence = verdict.evidence;
    let latest = d.ips[0];
    for (const x of d.ips) if (latest && x.last_seen > latest.last_seen) latest = x;
    const subnet = latest ? learnedSubnet(latest.ip) : undefined;
    if (subnet) d.subnet = subnet;
    else delete d.subnet;
    rec.dirty = false;
    return d;
  }

  /** Marks a record as touched at `ts` (times, LRU position, type to recompute). */
  seen(rec: DeviceRecord, ts: number): void {
    const d = rec.device;
    if (ts < d.first_seen) d.first_seen = ts;
    if (ts > d.last_seen) d.last_seen = ts;
    rec.dirty = true;
    if (this.devices.get(d.id) !== rec) return; // a withdrawn gateway record being finished
    touch(this.devices, d.id, rec);
  }

  private create(id: string, ts: number): DeviceRecord {
    const rec: DeviceRecord = {
      device: { id, macs: [], ips: [], hostnames: [], type: 'unknown', type_evidence: [], users: [], first_seen: ts, last_seen: ts },
      ev: emptyEvidence(),
      dirty: true,
    };
    this.devices.set(id, rec);
    evict(this.devices, this.limits.maxDevices, (_id, old) => {
      for (const m of old.device.macs) if (this.byMac.get(m) === _id) this.byMac.delete(m);
    });
    return rec;
  }

  private addMac(rec: DeviceRecord, mac: string): void {
    // Past the cap a further MAC is not tied to this device (it will get its own): the byMac index
    // must be rebuildable from the devices' lists after a restore.
    if (rec.device.macs.includes(mac) || rec.device.macs.length >= MAX_MACS_PER_DEVICE) return;
    rec.device.macs.push(mac);
    this.byMac.set(mac, rec.device.id);
  }

  private addIp(rec: DeviceRecord, ip: string, ts: number, source: IpSource): void {
    const list = rec.device.ips;
    const x = list.find((e) => e.ip === ip);
    if (x) {
      if (ts > x.last_seen) x.last_seen = ts;
      if (ts < x.first_seen) x.first_seen = ts;
      x.source = strongerSource(x.source, source);
      return;
    }
    list.push({ ip, source, first_seen: ts, last_seen: ts });
    trimBySeen(list, MAX_IPS_PER_DEVICE);
  }

  /**
   * Counts the unicast addresses `mac` carries (local or not, leased ones excepted) and declares it a
   * gateway at GATEWAY_MIN_IPS within GATEWAY_WINDOW_S. Returns true when the MAC is a gateway.
   */
  noteGatewayEvidence(mac: string, ip: string, ts: number): boolean {
    if (this.gateways.has(mac)) return true;
    const id = this.byMac.get(mac);
    const rec = id ? this.devices.get(id) : undefined;
    if (rec?.device.ips.some((x) => x.ip === ip && x.source === 'dhcp')) return false;
    let list = this.macIps.get(mac);
    if (!list) list = [];
    touch(this.macIps, mac, list);
    evict(this.macIps, MAX_MACS_TRACKED);
    const e = list.find((x) => x[0] === ip);
    if (e) {
      if (ts > e[1]) e[1] = ts;
      return false;
    }
    for (let i = list.length - 1; i >= 0; i--) if (list[i]![1] < ts - GATEWAY_WINDOW_S) list.splice(i, 1);
    list.push([ip, ts]);
    if (list.length < GATEWAY_MIN_IPS) return false;
    this.markGateway(mac, ts);
    return true;
  }

  /** Withdraws everything learned from a gateway MAC's on-link pairings. */
  private markGateway(mac: string, ts: number): void {
    this.gateways.set(mac, ts);
    this.macIps.delete(mac);
    const id = this.byMac.get(mac);
    this.byMac.delete(mac);
    const rec = id ? this.devices.get(id) : undefined;
    if (!rec) return;
    const d = rec.device;
    for (const x of d.ips) if (x.source === 'l2') this.bindings.remove(x.ip, d.id, 'l2');
    d.ips = d.ips.filter((x) => x.source !== 'l2');
    d.macs = d.macs.filter((m) => m !== mac);
    rec.dirty = true;
    if (d.ips.length === 0 && d.macs.length === 0) this.devices.delete(d.id);
  }
}
