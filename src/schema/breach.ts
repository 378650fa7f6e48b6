// A model breach: a detection a security team can act on, with the score and exactly why
// (every metric or field that made it, with its value, threshold, baseline and confidence) and the
// uids of the observations it rests on.
import { z } from 'zod';

export const ReasonSchema = z.object({
  /** a learned metric (beacon_score …) or an observation field (dce_rpc.operation …) */
  metric: z.string(),
  value: z.union([z.number(), z.string(), z.boolean()]),
  op: z.string(),
  threshold: z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]),
  baseline: z.string().optional(),
  confidence: z.number().min(0).max(1),
  explanation: z.string().optional(),
  /** counter-evidence: this held and lowered the score */
  counter: z.boolean().optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const BreachSchema = z.object({
  id: z.string(),
  time: z.number(),
  model: z.string(),
  model_name: z.object({ en: z.string(), ja: z.string() }),
  category: z.string(),
  mitre: z.array(z.string()),
  score: z.number().int().min(0).max(100),
  device: z.object({ id: z.string(), ip: z.string(), mac: z.string().optional(), hostname: z.string().optional(), type: z.string().optional(), peer_group: z.string().optional() }),
  destination: z.object({ ip: z.string().optional(), hostname: z.string().optional(), port: z.number().int().optional() }).optional(),
  reasons: z.array(ReasonSchema),
  uids: z.array(z.string()),
  /** the user or credential on the observation that made the breach (Kerberos client, DOMAIN\\user) */
  user: z.string().optional(),
  /** the model's priority 1–5 (how much a breach matters when it happens) */
  priority: z.number().int().min(1).max(5).optional(),
});
export type Breach = z.infer<typeof BreachSchema>;
