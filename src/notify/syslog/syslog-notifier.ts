// Syslog to a collector or SIEM: RFC 5424 (or CEF inside RFC 5424) over UDP, TCP or TLS.
import { hostname } from 'node:os';
import { alertView } from '../alert-view.js';
import type { Language, Notification, Notifier, SendResult } from '../types.js';
import { formatSyslog, type SyslogFormatOptions } from './rfc5424.js';
import { SyslogTransport, type SyslogTransportOptions } from './transport.js';

export interface SyslogNotifierOptions extends SyslogTransportOptions {
  name: string;
  channel?: string;
  language: Language;
  timeZone?: string;
  format: 'rfc5424' | 'cef';
  facility?: number;
  hostname?: string;
  appName?: string;
  enterpriseId?: number;
  version?: string;
}

export class SyslogNotifier implements Notifier {
  readonly type = 'syslog' as const;
  readonly name: string;
  readonly channel: string;
  readonly language: Language;
  private readonly transport: SyslogTransport;
  private readonly format: SyslogFormatOptions;

  constructor(private readonly o: SyslogNotifierOptions) {
    this.name = o.name;
    this.channel = o.channel ?? o.name;
    this.language = o.language;
    this.transport = new SyslogTransport(o);
    this.format = {
      facility: o.facility ?? 4,
      hostname: o.hostname ?? hostname(),
      appName: o.appName ?? 'mamori',
      procId: String(process.pid),
      format: o.format,
      enterpriseId: o.enterpriseId ?? 32473,
      version: o.version ?? '0.1.0',
    };
  }

  describe(): string {
    return `${this.transport.where} (${this.o.format}, ${this.language})`;
  }

  /** The message as it goes on the wire (without framing). */
  render(message: Notification): string {
    return formatSyslog(message, alertView(message, { language: this.language, timeZone: this.o.timeZone }), this.format);
  }

  async send(message: Notification): Promise<SendResult> {
    const error = await this.transport.send(this.render(message));
    return error ? { ok: false, error } : { ok: true, detail: this.o.protocol === 'udp' ? 'datagram sent' : 'written' };
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
