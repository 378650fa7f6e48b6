// The model format (YAML or JSON, validated with messages that say what to fix): which
// observations a model looks at, filters on their fields and on what the entities know, components
// over learned metrics or observation fields with thresholds and weights, and what the team should
// know and do, in English and Japanese.
import { z } from 'zod';

const Bilingual = z.object({ en: z.string().min(1), ja: z.string().min(1) });
/** `exists: true|false`: the field or fact has a non-empty value (an anonymous NTLM login has no user) */
const Op = z.enum(['>', '>=', '<', '<=', '=', '!=', 'in', 'not-in', 'matches', 'exists']);
const Value = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

/**
 * A condition on one of:
 * - `field`: an observation field (`dce_rpc.operation`, `conn.conn_state`) or a context fact
 *   (`peer_is_external`, `device_type`, `dest_port`, `peer_group`, `peer_asn` … see engine/facts.ts);
 * - `metric`: a learned metric (`beacon_score`, `dest_host_rarity` …) with its baseline and confidence;
 * - a window over this model's matching observations for the same key (device, or device and
 *   destination — see `per`; matching: the filters and the model's required non-window conditions hold): `count_over_seconds` (how many), `distinct_over_seconds` (how many
 *   distinct values of `of`) or `sum_over_seconds` (the sum of the numeric `of`).
 */
const ConditionFields = z.object({
  field: z.string().optional(),
  metric: z.string().optional(),
  count_over_seconds: z.number().int().positive().optional(),
  distinct_over_seconds: z.number().int().positive().optional(),
  sum_over_seconds: z.number().int().positive().optional(),
  /** the field or fact a distinct or sum window is over */
  of: z.string().optional(),
  op: Op,
  value: Value,
});

function checked<T extends z.ZodType<z.infer<typeof ConditionFields>>>(schema: T) {
  return schema
    .refine((c) => [c.field, c.metric, c.count_over_seconds, c.distinct_over_seconds, c.sum_over_seconds].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of field, metric, count_over_seconds, distinct_over_seconds or sum_over_seconds',
    })
    .refine((c) => (c.distinct_over_seconds === undefined && c.sum_over_seconds === undefined) === (c.of === undefined), {
      message: '`of` names the field of a distinct_over_seconds or sum_over_seconds window, and only of those',
    });
}

export const ConditionSchema = checked(ConditionFields.strict());
export type Condition = z.infer<typeof ConditionSchema>;

/** A filter: one condition, or `any` of several (OR); the filters of a model all hold (AND). */
export const FilterSchema = z.union([ConditionSchema, z.object({ any: z.array(ConditionSchema).min(2) }).strict()]);
export type Filter = z.infer<typeof FilterSchema>;

export const ComponentSchema = checked(
  ConditionFields.extend({
    /** share of the score this component carries when it holds */
    weight: z.number().positive().max(100).default(1),
    /** the model cannot breach unless this component holds */
    required: z.boolean().default(false),
    /**
     * Counter-evidence: when it holds, the score drops by weight × confidence (a destination the
     * device has used all its life is its pattern of life, however periodic)
     */
    counter: z.boolean().default(false),
  })
    .strict()
    .refine((c) => !(c.counter && c.required), { message: 'a counter-evidence component cannot be required' }),
);
export type Component = z.infer<typeof ComponentSchema>;

export const ModelSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'ids look like category/short-name, lower case'),
  name: Bilingual,
  category: z.enum(['Anomalous Connection', 'Compromise', 'Device', 'Lateral Movement', 'Credential', 'Unusual Activity', 'Compliance']),
  mitre: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).default([]),
  /** 1 (low) … 5 (critical): how much a breach matters when it happens */
  priority: z.number().int().min(1).max(5),
  /** observation types the model looks at ('breach': the engine's own breaches, for meta-models) */
  on: z.array(z.string()).min(1),
  /** all must hold for the model to be considered */
  filters: z.array(FilterSchema).default([]),
  components: z.array(ComponentSchema).min(1),
  /**
   * Behaviour dangerous in itself (remote service creation, DCSync) breaches with no history:
   * confidence does not lower its score.
   */
  dangerous_in_itself: z.boolean().default(false),
  /**
   * What one breach is about: a device and one destination (beaconing), or the device as a whole
   * (scans), or a device and a destination port (a sweep of many hosts on one port) — the key for
   * throttling and for window components.
   */
  per: z.enum(['destination', 'device', 'port']).default('destination'),
  /** informational models (a new device) never score above this */
  max_score: z.number().int().min(1).max(100).default(100),
  /** one breach per key at most this often */
  throttle_seconds: z.number().int().nonnegative().default(3600),
  description: Bilingual,
  actions: z.object({ en: z.array(z.string()).min(1), ja: z.array(z.string()).min(1) }),
  enabled: z.boolean().default(true),
});
export type Model = z.infer<typeof ModelSchema>;
