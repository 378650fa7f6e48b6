// What the store holds about a breach's connections, when the observations were stored too
// ("mamori ingest --db", the service): per breach the connections named by its uids (count, bytes
// in and out, ports) and the TLS sessions among them (server name, validation, the server
// certificate's subject and issuer). Breaches stored by "analyze --db" alone have no observations;
// the report then rests on the breach's own reasons.
import type { Breach } from '../schema/breach.js';
import type { Store } from '../store/index.js';

export interface BreachEvidence {
  connections: number;
  bytesOut: number;
  bytesIn: number;
  ports: number[];
  serverNames: string[];
  validation: string[];
  subjects: string[];
  issuers: string[];
}

/** Uids looked up per breach (breaches keep a bounded evidence list anyway). */
const MAX_UIDS = 200;

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const uniq = <T>(xs: readonly (T | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== undefined))];

export async function loadEvidence(store: Store, breaches: readonly Breach[]): Promise<Map<string, BreachEvidence>> {
  const out = new Map<string, BreachEvidence>();
  for (const b of breaches) {
    const uids = b.uids.filter((u) => u.startsWith('C') || u.startsWith('E')).slice(0, MAX_UIDS);
    if (!uids.length) continue;
    const where = { op: 'in', field: 'uid', values: uids } as const;
    const conns = await store.observations.select('conn', { where, fields: ['uid', 'id.resp_p', 'orig_bytes', 'resp_bytes'] });
    if (!conns.length) continue;
    const ssl = await store.observations.select('ssl', { where, fields: ['server_name', 'validation_status', 'cert_chain_fps'] });
    const fps = uniq(ssl.map((r) => (Array.isArray(r['cert_chain_fps']) ? str(r['cert_chain_fps'][0]) : undefined)));
    const certs = fps.length ? await store.observations.select('x509', { where: { op: 'in', field: 'fingerprint', values: fps }, fields: ['certificate.subject', 'certificate.issuer'] }) : [];
    out.set(b.id, {
      connections: conns.length,
      bytesOut: conns.reduce((n, r) => n + num(r['orig_bytes']), 0),
      bytesIn: conns.reduce((n, r) => n + num(r['resp_bytes']), 0),
      ports: uniq(conns.map((r) => (typeof r['id.resp_p'] === 'number' ? r['id.resp_p'] : undefined))),
      serverNames: uniq(ssl.map((r) => str(r['server_name']))),
      validation: uniq(ssl.map((r) => str(r['validation_status']))),
      subjects: uniq(certs.map((r) => str(r['certificate.subject']))),
      issuers: uniq(certs.map((r) => str(r['certificate.issuer']))),
    });
  }
  return out;
}
