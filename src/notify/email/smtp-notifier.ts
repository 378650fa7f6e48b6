// E-mail over SMTP with nodemailer (plain, STARTTLS required, or implicit TLS; optional AUTH). One
// notifier sends to the recipients of one language; a channel whose recipients read both languages
// becomes two notifiers (see build.ts), so each delivery is tracked and retried on its own.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { alertView, oneLine } from '../alert-view.js';
import { NotifyError, socketError } from '../errors.js';
import type { Language, Notification, Notifier, SendResult } from '../types.js';
import { mailContent } from './mail-format.js';

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

export interface SmtpNotifierOptions {
  name: string;
  channel?: string;
  host: string;
  port: number;
  /** none: plain SMTP; starttls: upgrade required (fails if the server does not offer it); tls: implicit TLS (port 465) */
  security: SmtpSecurity;
  auth?: { user: string; pass: string };
  from: string;
  to: readonly string[];
  language: Language;
  timeZone?: string;
  /** PEM of the CA that signed the server's certificate (default: the system's) */
  ca?: string;
  /** name to check the server's certificate against (default: host) */
  servername?: string;
  /** false accepts any certificate: only for testing */
  rejectUnauthorized?: boolean;
  timeoutMs?: number;
}

type MailError = Error & { code?: string; originalCode?: string; command?: string; responseCode?: number; permanent?: boolean; response?: string };

/** Maps nodemailer's error to a NotifyError (never with the credentials in it: nodemailer's messages do not carry them). */
export function smtpError(where: string, e: unknown): NotifyError {
  const err = e as MailError;
  const text = oneLine(err?.message ?? String(e));
  const msg = `${where}: ${text}`;
  if (err?.code === 'EAUTH' || err?.code === 'ENOAUTH') return new NotifyError('auth_failed', msg, false, { cause: e });
  if (err?.code === 'ETLS' || err?.code === 'EREQUIRETLS' || err?.command === 'STARTTLS') {
    // no TLS where the channel requires it: retried (until max age), so fixing the server is enough
    return new NotifyError('tls_failed', msg, true, { cause: e });
  }
  if (typeof err?.responseCode === 'number') {
    // 5xx (but 503) is a refusal of this message; 4xx and 503 say "later"
    return err.permanent ? new NotifyError('rejected', msg, false, { cause: e }) : new NotifyError('deferred', msg, true, { cause: e });
  }
  if (err?.code === 'ECONFIG' || err?.code === 'EENVELOPE') return new NotifyError('bad_config', msg, false, { cause: e });
  // socket-level: nodemailer keeps the system's code (ECONNREFUSED, a certificate error) as originalCode
  return socketError(where, Object.assign(new Error(text), { code: err?.originalCode ?? err?.code }));
}

/** The same Message-ID for every attempt of one notification in one language, so a receiving system can drop a duplicate. */
export function messageId(id: string, language: Language): string {
  return `<${createHash('sha256').update(`${id}\n${language}`).digest('hex').slice(0, 32)}@notify.mamori>`;
}

export class SmtpNotifier implements Notifier {
  readonly type = 'email' as const;
  readonly name: string;
  readonly channel: string;
  readonly language: Language;
  private transport: ReturnType<typeof createTransport> | undefined;

  constructor(private readonly o: SmtpNotifierOptions) {
    this.name = o.name;
    this.channel = o.channel ?? o.name;
    this.language = o.language;
  }

  describe(): string {
    return `smtp ${this.o.security === 'tls' ? 'smtps' : 'smtp'}://${this.o.host}:${this.o.port} (${this.o.security}${this.o.auth ? ', auth' : ''}) → ${this.o.to.length} recipient(s), ${this.language}`;
  }

  private transporter(): ReturnType<typeof createTransport> {
    const o = this.o;
    const timeout = o.timeoutMs ?? 30_000;
    this.transport ??= createTransport({
      host: o.host,
      port: o.port,
      secure: o.security === 'tls',
      requireTLS: o.security === 'starttls',
      ignoreTLS: o.security === 'none',
      auth: o.auth ? { user: o.auth.user, pass: o.auth.pass } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: { ca: o.ca, servername: o.servername ?? (isIP(o.host) ? undefined : o.host), rejectUnauthorized: o.rejectUnauthorized ?? true },
      logger: false,
      debug: false,
    });
    return this.transport;
  }

  async send(message: Notification): Promise<SendResult> {
    const view = alertView(message, { language: this.language, timeZone: this.o.timeZone });
    const mail = mailContent(view);
    try {
      const info = await this.transporter().sendMail({
        from: oneLine(this.o.from),
        to: this.o.to.map(oneLine),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageId(message.id, this.language),
        headers: {
          'X-Mamori-Notification-Id': oneLine(message.id),
          'X-Mamori-Level': String(message.level),
          ...(message.level === 3 ? { 'X-Priority': '1 (Highest)', Importance: 'high' } : {}),
        },
      });
      return { ok: true, detail: oneLine(String(info.response ?? 'accepted')) };
    } catch (e) {
      return { ok: false, error: smtpError(`mail to ${this.o.host}:${this.o.port}`, e) };
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
    this.transport = undefined;
  }
}
