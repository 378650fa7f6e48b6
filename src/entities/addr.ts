// Address and name helpers: which MACs and IPs can identify a host, reverse-DNS names back to
// addresses, learned subnets, and hostname normalisation.
import { addrString, parseIp } from '../net/ip-address.js';

const macCache = new Map<string, string | null>();

/** Lower-case colon form, or undefined for MACs that never identify one host (broadcast, multicast, zero). */
export function normaliseMac(mac: string | undefined): string | undefined {
  if (!mac) return undefined;
  // Every connection record carries two MACs, from a small set: remember the answers (bounded).
  const hit = macCache.get(mac);
  if (hit !== undefined) return hit ?? undefined;
  const m = checkMac(mac);
  if (macCache.size >= 65_536) macCache.clear();
  macCache.set(mac, m ?? null);
  return m;
}

function checkMac(mac: string): string | undefined {
  const m = mac.toLowerCase().replace(/-/g, ':');
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(m)) return undefined;
  if (m === '00:00:00:00:00:00') return undefined;
  // The I/G bit of the first octet marks group addresses (broadcast ff:…, IPv4 01:00:5e:…, IPv6 33:33:…).
  if (parseInt(m.slice(0, 2), 16) & 1) return undefined;
  return m;
}

/** True for an address one host can hold: not unspecified, broadcast or multicast. */
export function isUnicast(ip: string): boolean {
  const p = parseIp(ip);
  if (!p) return false;
  if (!p.v6) {
    const w = p.words[3]!;
    if (w === 0 || w === 0xffffffff) return false;
    return w >>> 28 !== 0xe; // 224.0.0.0/4
  }
  if (p.words.every((w) => w === 0)) return false;
  return p.words[0]! >>> 24 !== 0xff; // ff00::/8
}

/** The /24 (IPv4) or /64 (IPv6) around an address: the subnet a device is assumed to sit in. */
export function learnedSubnet(ip: string): string | undefined {
  // asked again on every sighting of a device: remember the answer (bounded, cleared when full)
  const hit = subnets.get(ip);
  if (hit !== undefined || subnets.has(ip)) return hit;
  const p = parseIp(ip);
  const s = !p ? undefined : !p.v6 ? `${addrString(false, 0, 0, 0, (p.words[3]! & 0xffffff00) >>> 0)}/24` : `${addrString(true, p.words[0]!, p.words[1]!, 0, 0)}/64`;
  if (subnets.size >= 65_536) subnets.clear();
  subnets.set(ip, s);
  return s;
}
const subnets = new Map<string, string | undefined>();

/** The address a reverse-DNS name stands for ('10.0.20.10.in-addr.arpa' → '10.20.0.10'), if it is one. */
export function ptrToIp(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    return parseIp(ip) && !ip.includes(':') ? ip : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || nibbles.some((x) => !/^[0-9a-f]$/.test(x))) return undefined;
    const hex = nibbles.reverse().join('');
    const words = [0, 1, 2, 3].map((i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0);
    return addrString(true, words[0]!, words[1]!, words[2]!, words[3]!);
  }
  return undefined;
}

/** Lower case without a trailing dot; undefined for empty names and for addresses written as names. */
export function normaliseHostname(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  if (n === '' || n === '-' || parseIp(n)) return undefined;
  return n;
}

/** The host part of an HTTP Host header ('example.com:8080' → 'example.com', '[::1]:80' → undefined). */
export function httpHostName(host: string | undefined): string | undefined {
  if (!host || host.startsWith('[')) return undefined;
  const colon = host.indexOf(':');
  const h = colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.slice(0, colon) : host;
  return normaliseHostname(h);
}

/** Canonical text of an address (so '::FFFF:…' and '2001:DB8::1' compare equal to what the sensor prints). */
export function canonicalIp(ip: string): string | undefined {
  const p = parseIp(ip);
  return p ? addrString(p.v6, p.words[0]!, p.words[1]!, p.words[2]!, p.words[3]!) : undefined;
}
