// External endpoints: the names each outside address was reached by (DNS answers, TLS SNI, HTTP
// Host) and, when a database is configured, its ASN, organisation and country. Least recently
// seen endpoints are evicted past the limit; geo is looked up once, when an endpoint is first seen.
import type { GeoLookup } from './geo.js';
import { evict, touch, trimBySeen } from './lru.js';
import { MAX_ENDPOINTS, MAX_HOSTNAMES_PER_ENDPOINT } from './limits.js';
import type { Endpoint, EndpointHostnameSource } from './types.js';

export class EndpointTable {
  readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly max = MAX_ENDPOINTS,
    private readonly geo?: GeoLookup,
  ) {}

  see(ip: string, ts: number): Endpoint {
    let e = this.endpoints.get(ip);
    if (!e) {
      e = { ip, hostnames: [], first_seen: ts, last_seen: ts };
      const g = this.geo?.lookup(ip);
      if (g?.asn !== undefined) e.asn = g.asn;
      if (g?.org !== undefined) e.org = g.org;
      if (g?.country !== undefined) e.country = g.country;
    }
    touch(this.endpoints, ip, e);
    evict(this.endpoints, this.max);
    if (ts < e.first_seen) e.first_seen = ts;
    if (ts > e.last_seen) e.last_seen = ts;
    return e;
  }

  name(ip: string, name: string, source: EndpointHostnameSource, ts: number): void {
    const e = this.see(ip, ts);
    const h = e.hostnames.find((x) => x.name === name && x.source === source);
    if (h) {
      if (ts > h.last_seen) h.last_seen = ts;
      if (ts < h.first_seen) h.first_seen = ts;
      return;
    }
    e.hostnames.push({ name, source, first_seen: ts, last_seen: ts });
    trimBySeen(e.hostnames, MAX_HOSTNAMES_PER_ENDPOINT);
  }
}
