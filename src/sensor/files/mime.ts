// MIME type of a file from its first bytes (magic numbers), as Zeek's file analysis does, so that a
// download's type is known even when the server lies about it.

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
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/x-icon', bytes: [0x00, 0x00, 0x01, 0x00] },
  { mime: 'image/bmp', bytes: [0x42, 0x4d] },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/gzip', bytes: [0x1f, 0x8b] },
  { mime: 'application/x-bzip2', bytes: [0x42, 0x5a, 0x68] },
  { mime: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { mime: 'application/x-rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { mime: 'application/vnd.ms-cab-compressed', bytes: [0x4d, 0x53, 0x43, 0x46] },
  { mime: 'application/msword', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { mime: 'application/x-shockwave-flash', bytes: [0x43, 0x57, 0x53] },
  { mime: 'application/x-shockwave-flash', bytes: [0x46, 0x57, 0x53] },
  { mime: 'application/x-java-applet', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { mime: 'video/webm', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { mime: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] },
  { mime: 'application/ocsp-response', bytes: [0x30, 0x82] },
  { mime: 'application/x-x509-ca-cert', bytes: [0x30, 0x82], at: 0 },
];

function startsWith(buf: Buffer, m: Magic): boolean {
  const at = m.at ?? 0;
  if (buf.length < at + m.bytes.length) return false;
  for (let i = 0; i < m.bytes.length; i++) if (buf[at + i] !== m.bytes[i]) return false;
  return true;
}

/** Best guess from content; undefined when nothing matches. */
export function sniffMime(buf: Buffer): string | undefined {
  for (const m of MAGICS) if (startsWith(buf, m)) return m.mime;
  const head = buf.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|script|title)[\s>]/.test(head.slice(0, 256))) return 'text/html';
  if (head.startsWith('<?xml')) return head.includes('<svg') ? 'image/svg+xml' : 'application/xml';
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/^[[{]\s*["{[\]0-9tfn-]/.test(head)) return 'text/json';
  }
  if (head.length && isText(buf.subarray(0, 512))) return 'text/plain';
  return undefined;
}

function isText(b: Buffer): boolean {
  for (const c of b) if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) return false;
  return true;
}
