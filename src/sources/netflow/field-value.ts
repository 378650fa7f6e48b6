// Turns the bytes of one field into its value, by the kind resolved in the template.
// Timestamps become epoch seconds; addresses, MACs and text become strings; unknown or odd-sized
// fields become lower-case hex so nothing is lost.
import { hex, ipv4Text, ipv6Text, macText, sint, text, u32, uint, uintNumber } from './bytes.js';
import { Kind } from './template.js';

export type FieldValue = number | string | boolean;
/** Decoded fields of one record, by name (IANA names; see fields.ts for the other keys). */
export type FlowFields = Record<string, FieldValue>;

/** Seconds between the NTP era 0 epoch (1900) and the Unix epoch. */
const NTP_UNIX_OFFSET = 2208988800;

export function fieldValue(kind: Kind, b: Uint8Array, o: number, len: number): FieldValue {
  switch (kind) {
    case Kind.uint:
      return len <= 4 ? uintNumber(b, o, len) : uint(b, o, len);
    case Kind.sint:
      return sint(b, o, len);
    case Kind.float32:
      return new DataView(b.buffer, b.byteOffset + o, 4).getFloat32(0);
    case Kind.float64:
      return new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0);
    case Kind.boolean:
      // RFC 7011 §6.1.5: 1 is true, 2 is false; anything else is kept as the number it is.
      return b[o] === 1 ? true : b[o] === 2 ? false : b[o]!;
    case Kind.mac:
      return macText(b, o);
    case Kind.text:
      return text(b, o, len);
    case Kind.ipv4:
      return ipv4Text(b, o);
    case Kind.ipv6:
      return ipv6Text(b, o);
    case Kind.seconds:
      return uintNumber(b, o, len);
    case Kind.milliseconds:
      return uintNumber(b, o, len) / 1000;
    case Kind.ntp:
      // RFC 7011 §6.1.9/10: 32-bit seconds since 1900 and a 32-bit binary fraction.
      return u32(b, o) - NTP_UNIX_OFFSET + u32(b, o + 4) / 4294967296;
    default:
      return hex(b, o, len);
  }
}
