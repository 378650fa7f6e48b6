// What is notified (a Notification: an incident, a breach or a system event, with its alert level)
// and the one interface every channel implements (Notifier). Notifications are stored in the outbox
// as JSON, so they are zod schemas and are validated again when read back.
import { z } from 'zod';
import { BreachSchema } from '../schema/breach.js';
import { AlertLevelSchema, IncidentSchema, type AlertLevel } from '../schema/incident.js';
import type { NotifyError } from './errors.js';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const NOTIFICATION_KINDS = ['incident', 'breach', 'system'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const Bilingual = z.object({ en: z.string(), ja: z.string() });

/** Something about Mamori itself (a source stopped, a disk filling, a test message). */
export const SystemEventSchema = z.object({
  /** stable code (`test`, `source_stopped`, …) */
  code: z.string().min(1),
  title: Bilingual,
  text: Bilingual,
  /** when it happened, epoch seconds */
  time: z.number(),
});
export type SystemEvent = z.infer<typeof SystemEventSchema>;

const Common = {
  /**
   * Stable id: the outbox key and the idempotency key every channel carries (webhook
   * `Idempotency-Key`, mail `Message-ID`, syslog structured data), so a retry can be recognised.
   */
  id: z.string().min(1).max(400),
  level: AlertLevelSchema,
  /** when it was raised, epoch seconds (wall clock: delivery deadlines are real time) */
  created: z.number(),
};

export const NotificationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), ...Common, incident: IncidentSchema }),
  z.object({ kind: z.literal('breach'), ...Common, breach: BreachSchema }),
  z.object({ kind: z.literal('system'), ...Common, system: SystemEventSchema }),
]);
export type Notification = z.infer<typeof NotificationSchema>;
export type { AlertLevel };

export type ChannelType = 'email' | 'syslog' | 'webhook';

export type SendResult = { ok: true; detail?: string } | { ok: false; error: NotifyError };

/**
 * One delivery target. `send` never throws for a failed delivery: it resolves to ok or to a typed
 * NotifyError saying whether a retry can succeed. Every implementation passes the contract suite in
 * `contract/notifier-contract.ts`.
 */
export interface Notifier {
  /** the delivery name: the channel's name, or `channel:lang` when an e-mail channel's recipients read different languages */
  readonly name: string;
  /** the configured channel it belongs to (what routes name) */
  readonly channel: string;
  readonly type: ChannelType;
  readonly language: Language;
  /** where it sends, for people and logs: host and port or the URL's origin, never a secret */
  describe(): string;
  send(message: Notification): Promise<SendResult>;
  /** Releases sockets; a send after close opens them again. */
  close(): Promise<void>;
}
