// Every executor checks an action before anything runs: the id is a safe token, every address parses
// and is printed back canonically, ports are integers in range. What comes out (the plan) holds only
// checked values, so an nft script, a webhook body or a hook's input never carries a hostile string
// that came in through a breach, a config or the API.
import { ACTION_KINDS, type Action, type ActionKind } from '../../schema/action.js';
import { parseAddr, type Addr } from '../address.js';
import { ExecutorError } from '../errors.js';

export const ACTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface PlanPeer {
  addr: Addr;
  port?: number;
  proto?: 'tcp' | 'udp';
}

export interface Plan {
  id: string;
  kind: ActionKind;
  device?: Addr;
  destination?: PlanPeer;
  direction: 'in' | 'out' | 'both';
  allow: PlanPeer[];
}

function bad(what: string): ExecutorError {
  return new ExecutorError('bad_value', `refused before anything ran: ${what}`);
}

function addr(text: unknown, what: string): Addr {
  const a = typeof text === 'string' ? parseAddr(text) : undefined;
  if (!a) throw bad(`${what} ${JSON.stringify(text)} is not an IPv4 or IPv6 address`);
  return a;
}

function peer(x: { ip: unknown; port?: unknown; proto?: unknown }, what: string): PlanPeer {
  const p: PlanPeer = { addr: addr(x.ip, what) };
  if (x.port !== undefined && x.port !== 0) {
    if (typeof x.port !== 'number' || !Number.isInteger(x.port) || x.port < 1 || x.port > 65535) throw bad(`${what} port ${JSON.stringify(x.port)} is not 1–65535`);
    p.port = x.port;
  }
  if (x.proto !== undefined) {
    if (x.proto !== 'tcp' && x.proto !== 'udp') throw bad(`${what} protocol ${JSON.stringify(x.proto)} is not tcp or udp`);
    p.proto = x.proto;
  }
  return p;
}

/** The checked plan of an action, or an ExecutorError('bad_value') saying what is wrong. */
export function planAction(a: Action): Plan {
  if (typeof a?.id !== 'string' || !ACTION_ID.test(a.id)) throw bad(`action id ${JSON.stringify(a?.id)} must be letters, digits, - and _`);
  if (!(ACTION_KINDS as readonly string[]).includes(a.kind)) throw bad(`unknown action kind ${JSON.stringify(a.kind)}`);
  const t = a.target ?? {};
  const direction = t.direction ?? 'both';
  if (direction !== 'in' && direction !== 'out' && direction !== 'both') throw bad(`direction ${JSON.stringify(direction)} is not in, out or both`);
  const plan: Plan = { id: a.id, kind: a.kind, direction, allow: [] };
  if (t.device) plan.device = addr(t.device.ip, 'device address');
  if (t.destination) plan.destination = peer(t.destination, 'destination');
  plan.allow = (t.allow ?? []).map((x, i) => peer(x, `allowed destination ${i + 1}`));
  const needsDevice = a.kind !== 'block_endpoint';
  if (needsDevice && !plan.device) throw bad(`a ${a.kind} action needs target.device`);
  if ((a.kind === 'block_connection' || a.kind === 'block_endpoint') && !plan.destination) throw bad(`a ${a.kind} action needs target.destination`);
  if (a.kind === 'block_connection' && plan.device!.v6 !== plan.destination!.addr.v6) throw bad('the device and the destination are of different address families');
  return plan;
}

/** Only the id is needed to remove what an executor put in force. */
export function checkId(id: unknown): string {
  if (typeof id !== 'string' || !ACTION_ID.test(id)) throw bad(`action id ${JSON.stringify(id)} must be letters, digits, - and _`);
  return id;
}
