// The persistent outbox: every notification is written here, with one delivery state per notifier,
// before anything is sent, so a receiver that is down, or a Mamori that restarts, loses nothing.
//
// Why the store's StateStore (namespace `notify-outbox`, key `m/<notification id>`): the outbox
// needs insert-or-replace by id, listing and deleting, each write in one transaction — exactly what
// StateStore offers, in the same embedded DuckDB database as everything else (one file to back up,
// DuckDB writes and syncs its WAL at commit and replays it after a crash). RecordStore has no
// delete and keeps the stages' own records; an append-only file would need its own fsync, compaction
// and crash recovery. One entry per notification (not per delivery) makes routing atomic: all of a
// notification's deliveries are queued in one write, or none.
import { z } from 'zod';
import type { StateStore } from '../store/index.js';
import { ConfigError } from '../schema/errors.js';
import { NotificationSchema, type Notification } from './types.js';

export const OUTBOX_NAMESPACE = 'notify-outbox';
const PREFIX = 'm/';
/** the layout version of stored entries */
const VERSION = 1;

export const DeliveryStateSchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']),
  /** attempts made (counted before each send, so a crash mid-send still counts) */
  attempts: z.number().int().min(0),
  /** when the next attempt is due, epoch ms */
  next_at: z.number(),
  /** last change, epoch ms */
  updated: z.number(),
  last_error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).optional(),
  /** the receiver's answer on success (SMTP reply, HTTP status) */
  detail: z.string().optional(),
});
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

export const OutboxEntrySchema = z.object({
  message: NotificationSchema,
  /** per notifier name */
  deliveries: z.record(z.string(), DeliveryStateSchema),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

export class Outbox {
  constructor(private readonly state: StateStore) {}

  /** Every stored entry; an entry that no longer parses is reported, not fatal. */
  async load(bad: (key: string, reason: string) => void = () => {}): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const e of await this.state.list(OUTBOX_NAMESPACE, PREFIX)) {
      const r = OutboxEntrySchema.safeParse(e.value);
      if (r.success && e.version === VERSION) out.push(r.data);
      else bad(e.key, r.success ? `layout version ${e.version}, this build reads ${VERSION}` : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    return out;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const e = await this.state.get(OUTBOX_NAMESPACE, PREFIX + id);
    return e && OutboxEntrySchema.parse(e.value);
  }

  /** Writes the entry as it is now (the caller's later changes need another save). */
  save(entry: OutboxEntry): Promise<void> {
    return this.state.put(OUTBOX_NAMESPACE, PREFIX + entry.message.id, entry as unknown as { [key: string]: unknown }, VERSION);
  }

  remove(id: string): Promise<boolean> {
    return this.state.delete(OUTBOX_NAMESPACE, PREFIX + id);
  }
}

/** A new entry with a pending delivery per notifier name. */
export function newEntry(message: Notification, names: readonly string[], now: number): OutboxEntry {
  const parsed = NotificationSchema.safeParse(message);
  if (!parsed.success) throw new ConfigError('bad_notification', `notification ${message.id} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { message: parsed.data, deliveries: Object.fromEntries(names.map((n) => [n, { status: 'pending', attempts: 0, next_at: now, updated: now }])) };
}
