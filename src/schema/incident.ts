// An incident: the breaches of one attack grouped across devices, time and attack phases, with an
// alert level a SOC acts on, a score, and what the analyst stage wrote and checked about it.
import { z } from 'zod';

const Bilingual = z.object({ en: z.string(), ja: z.string() });

/** Attack phases, in kill-chain order (MITRE ATT&CK tactics, grouped). */
export const PHASES = ['reconnaissance', 'initial-access', 'execution', 'persistence', 'credential-access', 'lateral-movement', 'command-and-control', 'collection', 'exfiltration', 'impact'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * 3 urgent (compromise very likely: C2, data leaving, attack traffic from inside), 2 investigate
 * (incident likely, no damage confirmed), 1 watch (unlikely, policy-relevant), 0 normal business seen
 * as unusual.
 */
export const AlertLevelSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
export type AlertLevel = z.infer<typeof AlertLevelSchema>;

export const InvestigationStepSchema = z.object({
  /** what was asked, in both languages ("Which other devices reached 203.0.113.9 in the last 14 days?") */
  question: Bilingual,
  /** what the store answered, in both languages */
  answer: Bilingual,
  /** the figures behind the answer, for the report's details and for machines */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type InvestigationStep = z.infer<typeof InvestigationStepSchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  level: AlertLevelSchema,
  score: z.number().int().min(0).max(100),
  title: Bilingual,
  summary: Bilingual,
  devices: z.array(z.object({ id: z.string(), ip: z.string(), hostname: z.string().optional(), type: z.string().optional() })),
  destinations: z.array(z.object({ ip: z.string().optional(), hostname: z.string().optional(), port: z.number().int().optional() })),
  /** ids of the breaches it groups, in time order */
  breaches: z.array(z.string()),
  phases: z.array(z.enum(PHASES)),
  /** MITRE ATT&CK technique ids of its breaches */
  mitre: z.array(z.string()),
  start: z.number(),
  end: z.number(),
  timeline: z.array(z.object({ time: z.number(), breach: z.string(), model: z.string(), phase: z.enum(PHASES), text: Bilingual })),
  investigation: z.array(InvestigationStepSchema).default([]),
  actions: z.object({ en: z.array(z.string()), ja: z.array(z.string()) }),
});
export type Incident = z.infer<typeof IncidentSchema>;
