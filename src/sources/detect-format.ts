// Recognises an input from its first bytes, not its name: packet captures, Zeek TSV or JSON logs,
// Suricata EVE JSON, raw NetFlow/IPFIX payloads.
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { detectCaptureFormat } from './pcap/open-capture.js';

export type InputKind = 'pcap' | 'pcapng' | 'zeek-tsv' | 'zeek-json' | 'eve' | 'netflow' | 'unknown';

const HEAD = 64 * 1024;

export async function detectInput(path: string): Promise<InputKind> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const b = Buffer.alloc(HEAD);
    const { bytesRead } = await fh.read(b, 0, HEAD, 0);
    head = b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a partial stream is fine */ }).subarray(0, HEAD);
    } catch {
      return 'unknown';
    }
  }
  return detectBytes(head);
}

export function detectBytes(head: Buffer): InputKind {
  const cap = detectCaptureFormat(head);
  if (cap) return cap;
  if (looksLikeNetflow(head)) return 'netflow';
  const text = head.toString('utf8', 0, Math.min(head.length, 4096));
  const firstLines = text.split('\n', 10);
  if (firstLines.some((l) => l.startsWith('#separator') || l.startsWith('#fields\t'))) return 'zeek-tsv';
  const first = text.split('\n', 1)[0]!.trim();
  if (first.startsWith('{')) {
    if (/"event_type"\s*:/.test(first)) return 'eve';
    if (/"(_path|uid|id\.orig_h|ts)"\s*:/.test(first)) return 'zeek-json';
  }
  return 'unknown';
}

/** A raw NetFlow v5/v9 or IPFIX export payload (a UDP datagram, or several, saved to a file). */
function looksLikeNetflow(b: Buffer): boolean {
  if (b.length < 20) return false;
  const version = b.readUInt16BE(0);
  const count = b.readUInt16BE(2);
  const setOk = (at: number, ids: (id: number) => boolean) => {
    if (b.length < at + 4) return false;
    const id = b.readUInt16BE(at);
    const len = b.readUInt16BE(at + 2);
    return ids(id) && len >= 4 && at + len <= b.length;
  };
  if (version === 5) return count > 0 && count <= 30 && b.length >= 24 + count * 48;
  if (version === 9) return setOk(20, (id) => id === 0 || id === 1 || id >= 256);
  if (version === 10) return count >= 20 && count <= b.length && setOk(16, (id) => id === 2 || id === 3 || id >= 256);
  return false;
}
