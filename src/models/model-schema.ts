// The model format (YAML or JSON, validated with messages that say what to fix): which
// observations a model looks at, filters on their fields and on what the entities know, components
// over learned metrics or observation fields with thresholds and weights, and what the team should
// know and do, in English and Japanese.
import { z } from 'zod';

const Bilingual = z.object({ en: z.string().min(1), ja: z.string().min(1) });
const Op = z.enum(['>', '>=', '<', '<=', '=', '!=', 'in', 'not-in', 'matches']);
const Value = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

/**
 * A condition on an observation field (`dce_rpc.operation`), a context fact (`peer_is_external`,
 * `device_type`, `dest_port`), a learned metric (`beacon_score`), or a count of this model's
 * matching observations for the same device and destination over a trailing window.
 */
export const ConditionSchema = z
  .object({
    field: z.string().optional(),
    metric: z.string().optional(),
    /** count matching observations over this many seconds (per device and destination) */
    count_over_seconds: z.number().int().positive().optional(),
    op: Op,
    value: Value,
  })
  .refine((c) => [c.field, c.metric, c.count_over_seconds].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of field, metric or count_over_seconds' });
export type Condition = z.infer<typeof ConditionSchema>;

export const ComponentSchema = ConditionSchema.and(
  z.object({
    /** share of the score this component carries when it holds */
    weight: z.number().positive().max(100).default(1),
    /** the model cannot breach unless this component holds */
    required: z.boolean().default(false),
  }),
);
export type Component = z.infer<typeof ComponentSchema>;

export const ModelSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'ids look like category/short-name, lower case'),
  name: Bilingual,
  category: z.enum(['Anomalous Connection', 'Compromise', 'Device', 'Lateral Movement', 'Credential', 'Unusual Activity', 'Compliance']),
  mitre: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).default([]),
  /** 1 (low) … 5 (critical): how much a breach matters when it happens */
  priority: z.number().int().min(1).max(5),
  /** observation types the model looks at */
  on: z.array(z.string()).min(1),
  /** all must hold for the model to be considered */
  filters: z.array(ConditionSchema).default([]),
  components: z.array(ComponentSchema).min(1),
  /**
   * Behaviour dangerous in itself (remote service creation, DCSync) breaches with no history:
   * confidence does not lower its score.
   */
  dangerous_in_itself: z.boolean().default(false),
  /**
   * What one breach is about: a device and one destination (beaconing), or the device as a whole
   * (scans) — the key for throttling and for count components.
   */
  per: z.enum(['destination', 'device']).default('destination'),
  /** one breach per key at most this often */
  throttle_seconds: z.number().int().nonnegative().default(3600),
  description: Bilingual,
  actions: z.object({ en: z.array(z.string()).min(1), ja: z.array(z.string()).min(1) }),
  enabled: z.boolean().default(true),
});
export type Model = z.infer<typeof ModelSchema>;
