// The policy: from a breach (or an incident) to what should be done — the kind of action, its target,
// its mode and duration — before any safety check. Defaults follow the model's category; the site's
// rules override them, the most specific matching rule deciding each setting.
import type { ActionKind, ActionMode, ActionTarget } from '../schema/action.js';
import type { Breach } from '../schema/breach.js';
import { contains, parseAddr, parseCidr } from './address.js';
import type { ResponseConfig, ResponseRule } from './config.js';

/** What a rule is matched against. */
export interface RuleSubject {
  model?: string;
  device: { id: string; ip: string; peer_group?: string };
}

export interface Resolved {
  action?: ActionKind | 'none';
  mode: ActionMode;
  duration: number;
  direction?: 'in' | 'out' | 'both';
}

/** `compromise/*` style patterns: `*` any run of characters, `?` one. */
export function globMatch(pattern: string, text: string): boolean {
  const re = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
  return new RegExp(re).test(text);
}

/**
 * How specific a matching rule is (undefined when it does not match): a device criterion beats a
 * peer group, which beats a model pattern; a narrower network or a longer literal pattern beats a
 * wider one; criteria add up, so `device + model` beats `device` alone.
 */
export function ruleSpecificity(rule: ResponseRule, s: RuleSubject): number | undefined {
  let score = 0;
  if (rule.device !== undefined) {
    if (rule.device === s.device.id) score += 300 + 129;
    else {
      const net = parseCidr(rule.device);
      const a = parseAddr(s.device.ip);
      if (!net || !a || !contains(net, a)) return undefined;
      score += 300 + (net.v6 ? net.bits : net.bits + 96);
    }
  }
  if (rule.peer_group !== undefined) {
    if (rule.peer_group !== s.device.peer_group) return undefined;
    score += 200;
  }
  if (rule.model !== undefined) {
    if (s.model === undefined || !globMatch(rule.model, s.model)) return undefined;
    score += 100 + rule.model.replace(/[*?]/g, '').length / 1000;
  }
  return score;
}

/** Each setting from the most specific matching rule that sets it (the earlier rule on a tie), else the defaults. */
export function resolveRules(cfg: ResponseConfig, s: RuleSubject): Resolved {
  const matching = cfg.rules
    .map((rule, i) => ({ rule, i, score: ruleSpecificity(rule, s) }))
    .filter((m): m is { rule: ResponseRule; i: number; score: number } => m.score !== undefined)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const pick = <K extends 'action' | 'mode' | 'duration' | 'direction'>(k: K): ResponseRule[K] | undefined => matching.find((m) => m.rule[k] !== undefined)?.rule[k];
  return { action: pick('action'), mode: pick('mode') ?? cfg.mode, duration: pick('duration') ?? cfg.default_duration, direction: pick('direction') };
}

// Models whose breach is the device attacking others (scans, sweeps, brute force, lateral movement):
// cutting that device's outgoing traffic stops it; blocking one destination would not.
const SPREADING = /scan|sweep|reconnaissance|enumeration|brute|spray|exploit|lateral|admin-share|psexec|wmi|winrm|remote-service|remote-scheduled|zerologon|dcsync|coercion/;

/** The default action for a breach: from its model and category, and whether it names a destination. */
export function defaultAction(b: Breach): { kind: ActionKind; direction?: 'in' | 'out' | 'both' } {
  const category = b.category.toLowerCase();
  if (category.includes('lateral') || SPREADING.test(b.model)) return { kind: 'quarantine_device', direction: 'out' };
  // compromise / C2 / exfiltration / anomalous connections: the device to that destination
  if (b.destination?.ip) return { kind: 'block_connection' };
  return { kind: 'quarantine_device', direction: 'out' };
}

export type Proposal =
  | { ok: true; kind: ActionKind; mode: ActionMode; duration: number; target: ActionTarget }
  | { ok: false; code: 'rule_none' | 'no_target'; why: string };

/** What the policy proposes for a breach (safety checks come after). */
export function proposeForBreach(cfg: ResponseConfig, b: Breach, normal: ((kind: ActionKind, device: { id: string; peer_group?: string }) => ActionTarget['allow']) | undefined): Proposal {
  const r = resolveRules(cfg, { model: b.model, device: b.device });
  if (r.action === 'none') return { ok: false, code: 'rule_none', why: `a rule says never to act on ${b.model}` };
  const def = defaultAction(b);
  const kind = r.action ?? def.kind;
  const device = { id: b.device.id, ip: b.device.ip, ...(b.device.hostname ? { hostname: b.device.hostname } : {}), ...(b.device.peer_group ? { peer_group: b.device.peer_group } : {}) };
  const dest = b.destination?.ip ? { ip: b.destination.ip, ...(b.destination.hostname ? { hostname: b.destination.hostname } : {}), ...(b.destination.port ? { port: b.destination.port } : {}) } : undefined;
  const duration = Math.min(r.duration, cfg.max_duration);
  const base = { ok: true as const, kind, mode: r.mode, duration };
  switch (kind) {
    case 'block_connection':
      if (!dest) return { ok: false, code: 'no_target', why: `${b.model} names no destination to block` };
      return { ...base, target: { device, destination: dest } };
    case 'block_endpoint':
      if (!dest) return { ok: false, code: 'no_target', why: `${b.model} names no endpoint to block` };
      return { ...base, target: { destination: { ip: dest.ip, ...(dest.hostname ? { hostname: dest.hostname } : {}) } } };
    case 'quarantine_device':
      return { ...base, target: { device, direction: r.direction ?? def.direction ?? 'both' } };
    case 'enforce_pattern_of_life':
    case 'enforce_group_pattern_of_life': {
      if (kind === 'enforce_group_pattern_of_life' && !device.peer_group) return { ok: false, code: 'no_target', why: `device ${device.id} has no peer group whose pattern of life could be enforced` };
      const allow = normal?.(kind, device);
      if (!allow?.length) return { ok: false, code: 'no_target', why: `no pattern of life is known for ${kind === 'enforce_pattern_of_life' ? `device ${device.id}` : `peer group ${device.peer_group}`}: enforcing it would cut everything` };
      return { ...base, target: { device, allow } };
    }
  }
}

/** A key that is the same for the same cause and the same target: a live action with it is not proposed twice. */
export function dedupKey(cause: string, kind: ActionKind, t: ActionTarget): string {
  const d = t.device ? `${t.device.id}@${parseAddr(t.device.ip)?.text ?? t.device.ip}` : '';
  const x = t.destination ? `${parseAddr(t.destination.ip)?.text ?? t.destination.ip}:${t.destination.port ?? ''}/${t.destination.proto ?? ''}` : '';
  return [cause, kind, d, x, t.direction ?? ''].join('|');
}
