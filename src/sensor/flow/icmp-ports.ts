// ICMP "ports" as Zeek and Community ID define them: the originator port is the message type and the
// responder port its counterpart (echo request 8 ↔ reply 0 …) or, for one-way messages, the code.

const V4: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 };
const V6: Record<number, number> = { 128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144 };

/** Returns the counterpart type, or -1 when the message is one-way. */
export function icmpCounterpart(v6: boolean, type: number): number {
  const c = (v6 ? V6 : V4)[type];
  return c === undefined ? -1 : c;
}
