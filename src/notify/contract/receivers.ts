// Local receivers for tests, on 127.0.0.1 only: an SMTP server (smtp-server: plain, STARTTLS,
// implicit TLS, AUTH), a syslog listener (UDP, TCP and TLS with octet-counting framing) and an HTTP
// server. Each can be stopped and started again on the same port, to play a receiver that goes down
// and comes back. For test files only.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { decodeMail, type DecodedMail } from './mime-decode.js';
import { TEST_CERT, TEST_KEY } from './tls-fixture.js';

export const LOOPBACK = '127.0.0.1';

export interface Received {
  /** everything a person or a parser would read in it, decoded (mail: headers and every part) */
  text: string;
}

export abstract class Receiver<R extends Received = Received> {
  readonly messages: R[] = [];
  port = 0;
  protected abstract listen(port: number): Promise<number>;
  protected abstract shut(): Promise<void>;
  private running = false;

  async start(): Promise<this> {
    if (!this.running) {
      this.port = await this.listen(this.port);
      this.running = true;
    }
    return this;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.shut();
  }

  /** Waits until at least `n` messages have arrived (or fails after `ms`). */
  async waitFor(n: number, ms = 5000): Promise<R[]> {
    const until = Date.now() + ms;
    while (this.messages.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} message(s), got ${this.messages.length} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.messages;
  }
}

// ─── SMTP ─────────────────────────────────────────────────────────────────────────────────────

export interface ReceivedMail extends Received {
  from: string;
  to: string[];
  raw: string;
  mail: DecodedMail;
}

export interface SmtpReceiverOptions {
  /** implicit TLS from the first byte */
  secure?: boolean;
  /** offer STARTTLS (default true; false disables it) */
  starttls?: boolean;
  /** require AUTH with these credentials */
  auth?: { user: string; pass: string };
}

export class SmtpReceiver extends Receiver<ReceivedMail> {
  private server: SMTPServer | undefined;
  /** the reply to RCPT TO: null accepts, else an SMTP code (550 refuses for good, 451 asks to try later) */
  rejectWith: number | null = null;
  readonly authAttempts: string[] = [];

  constructor(private readonly o: SmtpReceiverOptions = {}) {
    super();
  }

  protected listen(port: number): Promise<number> {
    const o = this.o;
    const server = new SMTPServer({
      secure: o.secure ?? false,
      key: TEST_KEY,
      cert: TEST_CERT,
      hideSTARTTLS: o.starttls === false,
      authOptional: !o.auth,
      disabledCommands: [...(o.auth ? [] : ['AUTH']), ...(o.starttls === false ? ['STARTTLS'] : [])],
      logger: false,
      onAuth: (auth, _session, cb) => {
        this.authAttempts.push(auth.username ?? '');
        if (o.auth && auth.username === o.auth.user && auth.password === o.auth.pass) cb(null, { user: auth.username });
        else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (_address, _session, cb) => {
        if (this.rejectWith === null) return cb();
        cb(Object.assign(new Error(this.rejectWith >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: this.rejectWith }));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = decodeMail(raw);
          const text = [...[...mail.headers].map(([k, v]) => `${k}: ${v.join(' | ')}`), ...mail.parts.map((p) => p.body)].join('\n');
          this.messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, mail, text });
          cb(null, 'queued');
        });
      },
    });
    server.on('error', () => undefined);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, LOOPBACK, () => resolve((server.server.address() as { port: number }).port));
    });
  }

  protected shut(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    return new Promise((r) => (s ? s.close(() => r()) : r()));
  }
}

// ─── syslog ───────────────────────────────────────────────────────────────────────────────────

export interface ReceivedSyslog extends Received {
  /** the message without framing */
  raw: string;
  /** for stream transports: the frame's declared length matched the bytes that followed */
  framed: boolean;
}

/** Reads octet-counted frames (`LEN SP MSG`) from a stream, as a collector does. */
export class OctetCountingReader {
  private buf = Buffer.alloc(0);
  constructor(private readonly onMessage: (msg: string) => void) {}
  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const sp = this.buf.indexOf(0x20);
      if (sp < 0) return;
      const len = Number(this.buf.subarray(0, sp).toString('ascii'));
      if (!Number.isInteger(len) || len <= 0) throw new Error(`bad frame length ${JSON.stringify(this.buf.subarray(0, sp).toString())}`);
      if (this.buf.length < sp + 1 + len) return;
      this.onMessage(this.buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
      this.buf = this.buf.subarray(sp + 1 + len);
    }
  }
}

export class SyslogReceiver extends Receiver<ReceivedSyslog> {
  private udp: UdpSocket | undefined;
  private server: NetServer | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly protocol: 'udp' | 'tcp' | 'tls',
    /** TLS: accept only clients with a certificate signed by the test CA (mutual TLS) */
    private readonly requireClientCert = false,
  ) {
    super();
  }

  private accept = (sock: Socket): void => {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
    const reader = new OctetCountingReader((raw) => this.messages.push({ raw, text: raw, framed: true }));
    sock.on('data', (c: Buffer) => {
      try {
        reader.push(c);
      } catch {
        this.messages.push({ raw: c.toString('utf8'), text: c.toString('utf8'), framed: false });
        sock.destroy();
      }
    });
  };

  protected listen(port: number): Promise<number> {
    if (this.protocol === 'udp') {
      const sock = createSocket('udp4');
      sock.on('message', (m) => this.messages.push({ raw: m.toString('utf8'), text: m.toString('utf8'), framed: true }));
      this.udp = sock;
      return new Promise((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(port, LOOPBACK, () => resolve(sock.address().port));
      });
    }
    const server =
      this.protocol === 'tls'
        ? createTlsServer({ key: TEST_KEY, cert: TEST_CERT, ...(this.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: TEST_CERT } : {}) }, this.accept)
        : createNetServer(this.accept);
    server.on('tlsClientError', () => undefined);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK, () => resolve((server.address() as { port: number }).port));
    });
  }

  protected shut(): Promise<void> {
    if (this.udp) {
      const u = this.udp;
      this.udp = undefined;
      return new Promise((r) => u.close(() => r()));
    }
    for (const s of this.sockets) s.destroy();
    const s = this.server;
    this.server = undefined;
    return new Promise((r) => (s ? s.close(() => r()) : r()));
  }
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────

export interface ReceivedRequest extends Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export class HttpReceiver extends Receiver<ReceivedRequest> {
  private server: HttpServer | undefined;
  private readonly sockets = new Set<Socket>();
  /** the status to answer with */
  status = 200;
  /** answer the next N requests only after this many ms (to make a sender time out) */
  delay: { count: number; ms: number } = { count: 0, ms: 0 };

  protected listen(port: number): Promise<number> {
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.messages.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, text: body });
        const answer = () => {
          if (!res.destroyed) res.writeHead(this.status, { 'content-type': 'text/plain' }).end('ok');
        };
        if (this.delay.count > 0) {
          this.delay.count--;
          setTimeout(answer, this.delay.ms);
        } else answer();
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK, () => resolve((server.address() as { port: number }).port));
    });
  }

  protected shut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const s = this.server;
    this.server = undefined;
    return new Promise((r) => (s ? s.close(() => r()) : r()));
  }
}
