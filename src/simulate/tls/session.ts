// A whole TLS conversation over TCP: handshake (with the server's certificate chain in TLS 1.2),
// then encrypted application data each way.
import type { Endpoint } from '../packet-builder.js';
import type { SimRandom } from '../random.js';
import { tcpSession, type TimedFrame } from '../sessions.js';
import { appData, clientFinish12, clientFinish13, clientHello, serverFinish12, serverFlight12, serverFlight13, type ClientProfile } from './handshake.js';

export interface TlsSessionSpec {
  client: Endpoint;
  server: Endpoint;
  sport: number;
  dport?: number;
  start: number;
  sni: string;
  profile: ClientProfile;
  /** server certificate chain (leaf first); TLS 1.2 shows it, TLS 1.3 encrypts it */
  chain: Buffer[];
  tls13: boolean;
  /** application bytes sent by the client and by the server */
  upload: number;
  download: number;
  rtt?: number;
}

export function tlsSession(r: SimRandom, s: TlsSessionSpec): TimedFrame[] {
  const exchanges = s.tls13
    ? [
        { request: clientHello(r, s.sni, s.profile), response: serverFlight13(r, 0x1301) },
        { request: clientFinish13(r), response: Buffer.alloc(0) },
      ]
    : [
        { request: clientHello(r, s.sni, s.profile), response: serverFlight12(r, 0xc02f, s.chain, s.profile.alpn.includes('h2') ? 'h2' : undefined) },
        { request: clientFinish12(r), response: serverFinish12(r) },
      ];
  exchanges.push({ request: appData(r, s.upload), response: appData(r, s.download) });
  return tcpSession({ client: s.client, server: s.server, sport: s.sport, dport: s.dport ?? 443, start: s.start, exchanges, rtt: s.rtt ?? 0.03 });
}
