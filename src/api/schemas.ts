// The API's JSON shapes as zod schemas: the record types of src/schema (Breach, Incident, Action)
// reused as they are, plus what only the API has (incident workflow, devices, users, tokens, status).
// /api/openapi.json is generated from these.
import { z } from '@hono/zod-openapi';
import { ACTION_STATES, ActionSchema } from '../schema/action.js';
import { BreachSchema } from '../schema/breach.js';
import { IncidentSchema } from '../schema/incident.js';
import { ROLES } from './auth/roles.js';

/**
 * Names a schema in the OpenAPI document when its zod instance has been extended with `.openapi`
 * (src/schema's schemas are made with plain zod: under some loaders that is another instance).
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  const s = schema as T & { openapi?: (name: string) => T };
  return typeof s.openapi === 'function' ? s.openapi(name) : schema;
}

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');
export const Breach = named(BreachSchema, 'Breach');
export const Action = named(ActionSchema, 'Action');
export const Role = z.enum(ROLES);

// ─── query pieces ─────────────────────────────────────────────────────────────────────────────

/** epoch seconds */
export const Time = z.coerce.number().finite();
export const Limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
export const Offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
export const Id = z.string().min(1).max(200);
export const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
export const NameParam = z.object({ name: z.string().min(1).max(64).openapi({ param: { name: 'name', in: 'path' } }) });
export const Ok = z.object({ ok: z.literal(true) });

// ─── incidents ───────────────────────────────────────────────────────────────────────────────

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export const CommentSchema = z.object({ time: z.number(), user: z.string(), text: z.string() });
export const IncidentView = named(
  IncidentSchema.extend({
    status: z.enum(INCIDENT_STATUSES),
    comments: z.array(CommentSchema),
    acknowledged_by: z.string().optional(),
    closed_by: z.string().optional(),
    close_reason: z.string().optional(),
  }),
  'IncidentView',
);

// ─── devices ─────────────────────────────────────────────────────────────────────────────────

export const Device = z
  .object({
    id: z.string(),
    ip: z.string(),
    ips: z.array(z.string()).optional(),
    mac: z.string().optional(),
    hostname: z.string().optional(),
    type: z.string().optional(),
    peer_group: z.string().optional(),
    first_seen: z.number(),
    last_seen: z.number(),
    users: z.array(z.string()).optional(),
    connections: z.number().optional(),
    bytes_in: z.number().optional(),
    bytes_out: z.number().optional(),
    breaches: z.number().optional(),
    max_score: z.number().optional(),
  })
  .openapi('Device');

// ─── status ──────────────────────────────────────────────────────────────────────────────────

export const Status = z
  .object({
    version: z.string(),
    started: z.number(),
    uptime_s: z.number(),
    now: z.number(),
    sources: z.array(z.object({ name: z.string(), kind: z.string(), records: z.number(), rate: z.number(), lag_s: z.number(), drops: z.number(), last_error: z.string().optional() })),
    counts: z.object({ devices: z.number(), observations: z.number(), breaches: z.number(), incidents: z.number(), actions_active: z.number() }),
    pipeline: z.object({ state: z.enum(['idle', 'loading', 'live']), progress: z.number().min(0).max(1).optional(), message: z.string().optional() }),
  })
  .openapi('Status');

// ─── users and tokens ────────────────────────────────────────────────────────────────────────

export const UserView = z.object({ name: z.string(), role: Role, disabled: z.boolean(), created: z.number(), created_by: z.string(), password_changed: z.number() }).openapi('User');
export const TokenView = z.object({ id: z.string(), name: z.string(), role: Role, created: z.number(), created_by: z.string(), last_used: z.number().optional() }).openapi('Token');
export const Me = z.object({ user: z.object({ name: z.string(), role: Role, kind: z.enum(['user', 'token']) }), csrf_token: z.string().optional() });
export const AuditEntry = z
  .object({ ts: z.number(), actor: z.string(), action: z.string(), target: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() })
  .openapi('AuditEntry');

export const ActionStateQuery = z.enum(ACTION_STATES);

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
