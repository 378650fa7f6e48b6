// The nft text for one action, built only from checked values (see validate.ts): canonical addresses,
// integer ports, fixed keywords, and names that match fixed patterns. Every rule carries the comment
// `mamori:<action id>` so it can be found by handle and removed; sets are named from a hash of the id.
import { createHash } from 'node:crypto';
import type { Addr } from '../address.js';
import type { Plan, PlanPeer } from './validate.js';

export const MANAGEMENT_COMMENT = 'mamori:management';
export const commentFor = (id: string) => `mamori:${id}`;

/** `m_<12 hex>_a` (addresses) and `m_<12 hex>_p` (address . protocol . port): valid set names whatever the id. */
export function setPrefix(id: string): string {
  return `m_${createHash('sha256').update(id).digest('hex').slice(0, 12)}_`;
}

const fam = (a: Addr) => (a.v6 ? 'ip6' : 'ip');

function l4(p: PlanPeer, dir: 'dport' | 'sport'): string {
  if (p.port !== undefined) return p.proto ? ` meta l4proto ${p.proto} th ${dir} ${p.port}` : ` meta l4proto { tcp, udp } th ${dir} ${p.port}`;
  return p.proto ? ` meta l4proto ${p.proto}` : '';
}

export interface ActionNft {
  /** rule bodies (without `add rule …` and the comment), added to every hooked chain in order */
  rules: string[];
  /** named sets the rules use, with their elements */
  sets: { name: string; type: string; elements: string[] }[];
}

/** The rules (and sets) that put the plan in force. */
export function actionRules(p: Plan): ActionNft {
  const out: ActionNft = { rules: [], sets: [] };
  const d = p.device;
  const x = p.destination;
  switch (p.kind) {
    case 'block_connection': {
      // the device to the destination, and the destination's answers to it
      out.rules.push(`${fam(d!)} saddr ${d!.text} ${fam(x!.addr)} daddr ${x!.addr.text}${l4(x!, 'dport')} drop`);
      out.rules.push(`${fam(x!.addr)} saddr ${x!.addr.text} ${fam(d!)} daddr ${d!.text}${l4(x!, 'sport')} drop`);
      break;
    }
    case 'block_endpoint':
      out.rules.push(`${fam(x!.addr)} daddr ${x!.addr.text} drop`, `${fam(x!.addr)} saddr ${x!.addr.text} drop`);
      break;
    case 'quarantine_device':
      if (p.direction !== 'in') out.rules.push(`${fam(d!)} saddr ${d!.text} drop`);
      if (p.direction !== 'out') out.rules.push(`${fam(d!)} daddr ${d!.text} drop`);
      break;
    case 'enforce_pattern_of_life':
    case 'enforce_group_pattern_of_life': {
      const f = fam(d!);
      const prefix = setPrefix(p.id);
      const same = p.allow.filter((a) => a.addr.v6 === d!.v6);
      const addrs = [...new Set(same.filter((a) => a.port === undefined).map((a) => a.addr.text))];
      const tuples = new Set<string>();
      for (const a of same) if (a.port !== undefined) for (const proto of a.proto ? [a.proto] : ['tcp', 'udp']) tuples.add(`${a.addr.text} . ${proto} . ${a.port}`);
      const at = d!.v6 ? 'ipv6_addr' : 'ipv4_addr';
      // answers to connections others opened to the device stay allowed: only what it starts is limited
      out.rules.push(`${f} saddr ${d!.text} ct direction reply accept`);
      if (addrs.length) {
        out.sets.push({ name: `${prefix}a`, type: at, elements: addrs });
        out.rules.push(`${f} saddr ${d!.text} ${f} daddr @${prefix}a accept`);
      }
      if (tuples.size) {
        out.sets.push({ name: `${prefix}p`, type: `${at} . inet_proto . inet_service`, elements: [...tuples] });
        out.rules.push(`${f} saddr ${d!.text} ${f} daddr . meta l4proto . th dport @${prefix}p accept`);
      }
      out.rules.push(`${f} saddr ${d!.text} drop`);
      break;
    }
  }
  return out;
}

/** The management accept rules of a chain, in order (they are inserted at its head). */
export function managementRules(hook: string, ips: readonly Addr[], ports: readonly number[]): string[] {
  const rules: string[] = [];
  for (const a of ips) rules.push(`${fam(a)} saddr ${a.text} accept`, `${fam(a)} daddr ${a.text} accept`);
  const list = [...new Set(ports)].sort((a, b) => a - b).join(', ');
  // management ports belong to this host: only traffic to it (input) and from it (output)
  if (list && hook === 'input') rules.push(`meta l4proto tcp th dport { ${list} } accept`);
  if (list && hook === 'output') rules.push(`meta l4proto tcp th sport { ${list} } accept`);
  return rules;
}
