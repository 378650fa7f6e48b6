// files.log as Zeek wrote it before 5.0: no `uid` and `id.*`, but `tx_hosts` and `rx_hosts` (the
// hosts the file data came from and went to) and `conn_uids` (the connections that carried it).
// Zeek 5.0 replaced them with the one connection's `uid` and `id` (conn_id), which the files
// observation requires. Zeek 4 filled them from that connection as
//   tx_hosts += is_orig ? id.orig_h : id.resp_h;   rx_hosts += is_orig ? id.resp_h : id.orig_h
// so the mapping back is the same with the first host of each set, and the first conn uid as uid.
// The old layout has no ports: they become 0 (unknown). The old columns stay as extra attributes.
import type { Mapped } from './columns.js';

const first = (v: unknown): string | undefined => (Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/** Fills `uid` and `id` of a pre-Zeek-5 files record from its old columns (in place); other records are left as they are. */
export function upgradeLegacyFiles(m: Mapped): void {
  const { record, extra } = m;
  if (!extra || record.id !== undefined || !('tx_hosts' in extra || 'rx_hosts' in extra || 'conn_uids' in extra)) return;
  const uid = first(extra.conn_uids);
  if (record.uid === undefined && uid !== undefined) record.uid = uid;
  const tx = first(extra.tx_hosts);
  const rx = first(extra.rx_hosts);
  if (tx === undefined || rx === undefined) return;
  // a file without is_orig came, as most do, from the responder (a download)
  const fromOrig = record.is_orig === true;
  record.id = { orig_h: fromOrig ? tx : rx, orig_p: 0, resp_h: fromOrig ? rx : tx, resp_p: 0 };
}
