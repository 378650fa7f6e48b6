// Deterministic ids for EVE input. Suricata gives every event of a flow the same flow_id, so the
// connection uid is derived from it: "E" + 11 base62 digits of the 64-bit flow_id. Every event of a
// flow (flow, dns, http, tls, alert, …) gets the same uid without any table, replaying a file gives
// the same uids, and the flow_id can be read back from a uid (flowIdOfUid) to find the EVE lines.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^11 > 2^64: every flow_id fits in 11 digits. */
const DIGITS = 11;
export const FLOW_UID_PREFIX = 'E';
export const FILE_UID_PREFIX = 'F';

/** uid for a flow_id. Numbers above 2^53 lose digits in JSON.parse: pass those as bigint. */
export function flowUid(flowId: number | bigint): string {
  let s = '';
  if (typeof flowId === 'number') {
    let x = flowId;
    for (let i = 0; i < DIGITS; i++) {
      s = ALPHABET[x % 62]! + s;
      x = Math.floor(x / 62);
    }
  } else {
    let x = flowId;
    for (let i = 0; i < DIGITS; i++) {
      s = ALPHABET[Number(x % 62n)]! + s;
      x /= 62n;
    }
  }
  return FLOW_UID_PREFIX + s;
}

/** The flow_id a uid was made from, or undefined for uids not made by flowUid. */
export function flowIdOfUid(uid: string): bigint | undefined {
  if (uid.length !== DIGITS + 1 || uid[0] !== FLOW_UID_PREFIX) return undefined;
  let x = 0n;
  for (let i = 1; i < uid.length; i++) {
    const d = ALPHABET.indexOf(uid[i]!);
    if (d < 0) return undefined;
    x = x * 62n + BigInt(d);
  }
  return x;
}

const FLOW_ID_TEXT = /"flow_id"\s*:\s*"?(\d+)/;

/**
 * The uid of an event's flow, or undefined when it has none (stats, some decoder anomalies).
 * `raw` is the line, read only when the parsed number is beyond 2^53 (older Suricata wrote full
 * 64-bit ids) so the exact digits are used.
 */
export function eventUid(flowId: unknown, raw: string): string | undefined {
  if (typeof flowId === 'number') {
    if (Number.isSafeInteger(flowId) && flowId >= 0) return flowUid(flowId);
    if (!Number.isFinite(flowId) || flowId < 0) return undefined;
    const m = FLOW_ID_TEXT.exec(raw);
    return m ? flowUid(BigInt(m[1]!) & 0xffffffffffffffffn) : undefined;
  }
  if (typeof flowId === 'string' && /^\d{1,20}$/.test(flowId)) return flowUid(BigInt(flowId) & 0xffffffffffffffffn);
  return undefined;
}

/** Zeek-style file id ("F" + base62) from the parts that identify a file in EVE (64-bit FNV-1a). */
export function fileUid(...parts: (string | number | undefined)[]): string {
  let h = 0xcbf29ce484222325n;
  const text = parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return FILE_UID_PREFIX + flowUid(h).slice(1);
}
