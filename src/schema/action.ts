// A response action: what Mamori does (or would do, or asks to do) about abnormal activity, for a
// limited time, with every change of state recorded. Shared by the response stage, the API, the CLI
// and the UI.
import { z } from 'zod';

const Bilingual = z.object({ en: z.string(), ja: z.string() });

/**
 * block_connection: the device to a destination (ip, optionally port and protocol);
 * block_endpoint: an external endpoint for every device;
 * quarantine_device: all traffic of a device (in, out or both);
 * enforce_pattern_of_life: the device may reach only what is normal for it;
 * enforce_group_pattern_of_life: only what is normal for its peer group.
 */
export const ACTION_KINDS = ['block_connection', 'block_endpoint', 'quarantine_device', 'enforce_pattern_of_life', 'enforce_group_pattern_of_life'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** passive: record what would be done; confirm: an analyst approves first; active: automatic. */
export const ACTION_MODES = ['passive', 'confirm', 'active'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/**
 * proposed: decided, not yet in force (passive actions stay here: "would have been done");
 * awaiting_confirmation: waiting for an analyst (times out to expired);
 * active: in force on the executors; expired: its time ran out; cleared: an analyst ended it;
 * failed: the executors could not put it in force (the reason is in the history).
 */
export const ACTION_STATES = ['proposed', 'awaiting_confirmation', 'active', 'expired', 'cleared', 'failed'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

export const ActionTargetSchema = z.object({
  /** the device acted on (block_connection, quarantine, enforce_*) */
  device: z.object({ id: z.string(), ip: z.string(), hostname: z.string().optional(), peer_group: z.string().optional() }).optional(),
  /** the destination blocked (block_connection, block_endpoint) */
  destination: z.object({ ip: z.string(), hostname: z.string().optional(), port: z.number().int().min(0).max(65535).optional(), proto: z.enum(['tcp', 'udp']).optional() }).optional(),
  /** quarantine: which traffic of the device */
  direction: z.enum(['in', 'out', 'both']).optional(),
  /** enforce_*: what stays allowed (the device's or its group's normal destinations) */
  allow: z.array(z.object({ ip: z.string(), port: z.number().int().optional(), proto: z.enum(['tcp', 'udp']).optional() })).optional(),
});
export type ActionTarget = z.infer<typeof ActionTargetSchema>;

export const ActionTransitionSchema = z.object({
  /** epoch seconds */
  time: z.number(),
  from: z.enum(ACTION_STATES).nullable(),
  to: z.enum(ACTION_STATES),
  /** user name, `system`, or the executor */
  by: z.string(),
  why: z.string(),
});
export type ActionTransition = z.infer<typeof ActionTransitionSchema>;

export const ActionSchema = z.object({
  id: z.string(),
  kind: z.enum(ACTION_KINDS),
  mode: z.enum(ACTION_MODES),
  state: z.enum(ACTION_STATES),
  target: ActionTargetSchema,
  /** why: the breach or incident that led to it */
  cause: z.object({ breach: z.string().optional(), incident: z.string().optional(), model: z.string().optional(), score: z.number().optional(), text: Bilingual }),
  /** epoch seconds */
  created: z.number(),
  /** when it ends on its own (active) or times out (awaiting confirmation) */
  expires: z.number(),
  /** seconds it lasts once in force (kept for reactivation) */
  duration: z.number().positive(),
  /** what was (or would be) done on each executor: rule handles, webhook status */
  executors: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })).default([]),
  history: z.array(ActionTransitionSchema),
  /** dry run: everything recorded, nothing sent to executors */
  dry_run: z.boolean().optional(),
});
export type Action = z.infer<typeof ActionSchema>;
