// MIME type of a file from its first bytes, as Zeek's file analysis does with the signatures of
// base/frameworks/files/magic/*.sig (not the server's Content-Type, so a download's type is known
// even when the server lies). Where several match, Zeek takes the highest strength; the order of
// the checks below follows those strengths: binary magic numbers first, then markup, JSON, and
// plain text last (strength -20 there).

interface Magic {
  mime: string;
  /** bytes at `at` */
  bytes: number[];
  at?: number;
}

const MAGICS: Magic[] = [
  { mime: 'application/x-dosexec', bytes: [0x4d, 0x5a] },
  { mime: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] },
  { mime: 'image/x-icon', bytes: [0x00, 0x00, 0x01, 0x00] },
  { mime: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/x-gzip', bytes: [0x1f, 0x8b] },
  { mime: 'application/x-bzip2', bytes: [0x42, 0x5a, 0x68] },
  { mime: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { mime: 'application/x-rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { mime: 'application/x-xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { mime: 'application/vnd.ms-cab-compressed', bytes: [0x4d, 0x53, 0x43, 0x46] },
  { mime: 'application/msword', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { mime: 'application/x-shockwave-flash', bytes: [0x43, 0x57, 0x53] },
  { mime: 'application/x-shockwave-flash', bytes: [0x46, 0x57, 0x53] },
  { mime: 'application/x-shockwave-flash', bytes: [0x5a, 0x57, 0x53] },
  { mime: 'application/x-java-applet', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { mime: 'video/webm', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { mime: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] },
  { mime: 'application/x-tar', bytes: [0x75, 0x73, 0x74, 0x61, 0x72], at: 257 },
  { mime: 'application/vnd.tcpdump.pcap', bytes: [0xd4, 0xc3, 0xb2, 0xa1] },
  { mime: 'application/vnd.tcpdump.pcap', bytes: [0xa1, 0xb2, 0xc3, 0xd4] },
];

function startsWith(buf: Buffer, m: Magic): boolean {
  const at = m.at ?? 0;
  if (buf.length < at + m.bytes.length) return false;
  for (let i = 0; i < m.bytes.length; i++) if (buf[at + i] !== m.bytes[i]) return false;
  return true;
}

// Zeek's general.sig (markup and JSON), applied to the first bytes as latin1 text.
const LEAD = '(?:\\xef\\xbb\\xbf)?(?:[\\r\\n\\t ]*<!--[\\s\\S]*?-->)*[\\r\\n\\t ]*';
const HTML = new RegExp(`^${LEAD}(?:<!doctype[\\t ]+html|<html|<head|<body)`, 'i');
const XML = new RegExp(`^${LEAD}<\\?xml `);
const JSON_OBJECT = /^(?:\xef\xbb\xbf)?[\r\n\t ]*\{[\r\n\t ]*(?:"[^"]+"|[a-zA-Z][a-zA-Z0-9\\_]*)[\r\n\t ]*:[\r\n\t ]*(?:"|\[|\{|[0-9]|true|false)/;
const JSON_ARRAY = /^(?:\xef\xbb\xbf)?[\r\n\t ]*\[[\r\n\t ]*(?:(?:(?:"[^"]+"|[0-9]+(?:\.[0-9]+)?|true|false)[\r\n\t ]*,)|\{|\[)/;

/** Zeek's file-plaintext: at least ten printable or space characters at the start. */
function isPlainText(b: Buffer): boolean {
  if (b.length < 10) return false;
  for (let i = 0; i < 10; i++) {
    const c = b[i]!;
    if (!((c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d))) return false;
  }
  return true;
}

/** Best guess from content; undefined when nothing matches. */
export function sniffMime(buf: Buffer): string | undefined {
  if (!buf.length) return undefined;
  for (const m of MAGICS) if (startsWith(buf, m)) return m.mime;
  // OCSP response: SEQUENCE { responseStatus ENUMERATED … }
  if (buf[0] === 0x30 && ((buf[1] === 0x82 && buf[4] === 0x0a && buf[5] === 0x01) || (buf[1]! < 0x80 && buf[2] === 0x0a && buf[3] === 0x01))) return 'application/ocsp-response';
  const head = buf.toString('latin1', 0, Math.min(buf.length, 1024));
  if (XML.test(head)) return /<(?:!doctype[\t ]+)?html/i.test(head) ? 'text/html' : 'application/xml';
  if (HTML.test(head)) return 'text/html';
  if (JSON_OBJECT.test(head) || JSON_ARRAY.test(head)) return 'text/json';
  if (isPlainText(buf)) return 'text/plain';
  return undefined;
}
