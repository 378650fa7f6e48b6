// Carrying syslog frames: UDP (RFC 5426, one message a datagram), TCP with octet-counting framing
// (RFC 6587 §3.4.1: `LEN SP MSG`) and TLS (RFC 5425, the same framing).
//
// What "sent" means: UDP has no acknowledgement, so a datagram that left is taken as delivered.
// Syslog over TCP and TLS has no acknowledgement either, so a connection is opened for a burst of
// messages (the sends in flight together) and closed when the burst is done: alerts are few, and a
// fresh connection finds a collector that went away (a retryable error) where a kept one could
// swallow the next message. A message written just before the collector dies can still be lost.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { socketError, type NotifyError } from '../errors.js';

export type SyslogProtocol = 'udp' | 'tcp' | 'tls';

export interface SyslogTransportOptions {
  protocol: SyslogProtocol;
  host: string;
  port: number;
  timeoutMs?: number;
  /** UDP: longest datagram sent; a longer message is cut at a UTF-8 boundary (RFC 5426 asks receivers for 2048) */
  maxDatagram?: number;
  tls?: { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized?: boolean };
}

/** `LEN SP MSG`, LEN the byte count of MSG. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/** Cuts UTF-8 bytes to at most `max` without splitting a character. */
export function cutUtf8(buf: Buffer, max: number): Buffer {
  if (buf.length <= max) return buf;
  let end = max;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end);
}

/** How long a new TLS 1.3 connection waits for the collector to accept the client (see tls13Accepted). */
const TLS13_SETTLE_MS = 300;

/**
 * In TLS 1.3 the client finishes its handshake before the server has checked the client's
 * certificate, so a collector that refuses it closes the connection only after the first message
 * has been "sent", and syslog has no reply to tell. Wait, briefly, for the server's session ticket
 * (it sends one once it has accepted the client) or for the connection to close; a server that
 * sends no tickets costs TLS13_SETTLE_MS per connection. TLS 1.2 needs no wait: the server's
 * Finished comes after its check.
 */
function tls13Accepted(sock: TLSSocket): Promise<void> {
  if (sock.getProtocol() !== 'TLSv1.3') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      sock.off('session', done);
      sock.off('close', done);
      // not from inside the 'session' handler: a write there corrupts the record (bad record MAC)
      setImmediate(resolve);
    };
    const t = setTimeout(done, TLS13_SETTLE_MS);
    sock.once('session', done);
    sock.once('close', done);
  });
}

const timeoutError = (what: string) => Object.assign(new Error(what), { code: 'ETIMEDOUT' });

export class SyslogTransport {
  private stream: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  private inFlight = 0;
  private udp: UdpSocket | undefined;

  constructor(private readonly o: SyslogTransportOptions) {}

  get where(): string {
    return `syslog ${this.o.protocol}://${this.o.host}:${this.o.port}`;
  }

  /** Resolves with null when the message was handed over, or a NotifyError. */
  async send(message: string): Promise<NotifyError | null> {
    try {
      if (this.o.protocol === 'udp') await this.sendUdp(message);
      else await this.sendStream(octetFrame(message));
      return null;
    } catch (e) {
      return socketError(this.where, e);
    }
  }

  private sendUdp(message: string): Promise<void> {
    const data = cutUtf8(Buffer.from(message, 'utf8'), this.o.maxDatagram ?? 2048);
    if (!this.udp) {
      const sock = createSocket(isIP(this.o.host) === 6 ? 'udp6' : 'udp4');
      sock.on('error', () => {
        if (this.udp === sock) this.udp = undefined;
        sock.close();
      });
      sock.unref();
      this.udp = sock;
    }
    const sock = this.udp;
    return new Promise((resolve, reject) => sock.send(data, this.o.port, this.o.host, (err) => (err ? reject(err) : resolve())));
  }

  private async sendStream(frame: Buffer): Promise<void> {
    this.inFlight++;
    let sock: Socket | undefined;
    try {
      sock = await this.connected();
      const s = sock;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(timeoutError('write timed out')), this.o.timeoutMs ?? 10_000);
        s.write(frame, (err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        });
      });
    } catch (e) {
      if (sock) this.drop(sock);
      throw e;
    } finally {
      // the burst is over: close cleanly (flushes, then FIN or TLS close_notify)
      if (--this.inFlight === 0 && this.stream) {
        this.stream.end();
        this.stream = undefined;
      }
    }
  }

  private async connected(): Promise<Socket> {
    if (this.stream && !this.stream.destroyed && this.stream.writable) return this.stream;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return await this.connecting;
  }

  private connect(): Promise<Socket> {
    const o = this.o;
    const ms = o.timeoutMs ?? 10_000;
    return new Promise<Socket>((resolve, reject) => {
      const sock =
        o.protocol === 'tls'
          ? tlsConnect({ host: o.host, port: o.port, ca: o.tls?.ca, cert: o.tls?.cert, key: o.tls?.key, servername: o.tls?.servername ?? (isIP(o.host) ? undefined : o.host), rejectUnauthorized: o.tls?.rejectUnauthorized ?? true })
          : netConnect({ host: o.host, port: o.port });
      const timer = setTimeout(() => sock.destroy(timeoutError(`no connection within ${ms} ms`)), ms);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      const closed = () => fail(Object.assign(new Error('the collector closed the connection (a TLS collector may have refused the client certificate)'), { code: 'ECONNRESET' }));
      sock.once('error', fail);
      sock.once('close', closed);
      sock.once(o.protocol === 'tls' ? 'secureConnect' : 'connect', async () => {
        if (o.protocol === 'tls') await tls13Accepted(sock as TLSSocket);
        if (sock.destroyed) return; // `closed` has rejected
        clearTimeout(timer);
        sock.off('error', fail);
        sock.off('close', closed);
        // later errors and the collector closing just drop the connection: the next send reconnects
        sock.on('error', () => this.drop(sock));
        sock.on('close', () => this.drop(sock));
        sock.on('data', () => undefined); // a collector has nothing to say; read and ignore
        this.stream = sock;
        resolve(sock);
      });
    });
  }

  private drop(sock: Socket): void {
    sock.destroy();
    if (this.stream === sock) this.stream = undefined;
  }

  async close(): Promise<void> {
    const s = this.stream;
    this.stream = undefined;
    if (s && !s.destroyed) await new Promise<void>((r) => s.end(() => r()));
    s?.destroy();
    this.udp?.close();
    this.udp = undefined;
  }
}
