// Detection models: the library with its tuning, validation of a draft, user models (saved in the
// store), enable/disable through the tuning store, a draft tried on stored history; suppressions.
import { z } from '@hono/zod-openapi';
import { tryModel } from '../../pipeline/try-model.js';
import { SuppressionSchema } from '../../models/tuning.js';
import type { ApiContext } from '../context.js';
import { MAX_MODEL_YAML, validateModelYaml } from '../data/model-library.js';
import { actorOf } from '../auth/roles.js';
import { badRequest, notFound } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { Breach, IdParam, Ok, Time } from '../schemas.js';

const ModelSummary = z.object({ id: z.string(), name: z.object({ en: z.string(), ja: z.string() }), category: z.string(), enabled: z.boolean(), priority: z.number(), builtin: z.boolean(), mitre: z.array(z.string()) });
const Yaml = z.object({ yaml: z.string().min(1).max(MAX_MODEL_YAML) });
const ModelId = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'ids look like category/short-name, lower case');
// model ids contain a slash: the path takes them URL-encoded (compromise%2Fbeaconing-…)
const ModelParam = IdParam;

const NewSuppression = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  device: z.string().trim().min(1).max(200).optional(),
  peer_group: z.string().trim().min(1).max(100).optional(),
  destination: z.string().trim().min(1).max(300).optional(),
  /** epoch seconds */
  expires: z.number().finite(),
  reason: z.string().trim().min(1).max(2000),
});

export function modelRoutes(app: App, ctx: ApiContext): void {
  const lib = ctx.models;

  endpoint(app, ctx, { method: 'get', path: '/api/models', summary: 'every model with its state after tuning', tag: 'models', role: 'viewer', response: z.array(ModelSummary) }, async () => {
    const { models, defs } = await lib.tuned();
    return models.map((m, i) => ({ id: m.id, name: m.name, category: m.category, enabled: m.enabled, priority: m.priority, builtin: defs[i]!.builtin, mitre: m.mitre }));
  });

  endpoint(
    app,
    ctx,
    { method: 'get', path: '/api/models/{id}', summary: 'a model (after tuning), its YAML and its tuning', tag: 'models', role: 'viewer', params: ModelParam, response: z.object({ model: z.record(z.string(), z.unknown()), yaml: z.string(), builtin: z.boolean(), tuning: z.object({ override: z.unknown().optional(), suppressions: z.array(z.unknown()) }) }) },
    async ({ params }) => {
      const { models, defs, overrides } = await lib.tuned();
      const i = defs.findIndex((d) => d.model.id === params.id);
      if (i < 0) throw notFound('model', params.id);
      const suppressions = (await lib.tuning.suppressions()).filter((s) => s.model === undefined || s.model === params.id || s.model.includes('*'));
      const override = overrides.find((o) => o.model === params.id);
      return { model: models[i]!, yaml: defs[i]!.yaml, builtin: defs[i]!.builtin, tuning: { ...(override ? { override } : {}), suppressions } };
    },
  );

  endpoint(app, ctx, { method: 'post', path: '/api/models/validate', summary: "check a model's YAML", tag: 'models', role: 'analyst', body: Yaml, response: z.object({ ok: z.boolean(), errors: z.array(z.string()).optional() }) }, async ({ body }) => {
    const r = validateModelYaml(body.yaml);
    return r.ok ? { ok: true } : { ok: false, errors: r.errors };
  });

  endpoint(
    app,
    ctx,
    {
      method: 'post',
      path: '/api/models/try',
      summary: 'run a draft model over the stored observations of a period (nothing is saved)',
      tag: 'models',
      role: 'analyst',
      body: Yaml.extend({ since: Time.optional(), until: Time.optional() }),
      response: z.object({ breaches: z.array(Breach), breach_count: z.number(), observations_scanned: z.number(), truncated: z.boolean(), since: z.number(), until: z.number() }),
    },
    async ({ body, principal }) => {
      const r = validateModelYaml(body.yaml);
      if (!r.ok) throw badRequest('bad_model', r.errors.join('; '));
      if (body.since !== undefined && body.until !== undefined && !(body.until > body.since)) throw badRequest('bad_period', 'until must be after since');
      const out = await tryModel(ctx.store, r.model, { ...(body.since !== undefined ? { since: body.since } : {}), ...(body.until !== undefined ? { until: body.until } : {}) });
      ctx.log(`api: ${principal.name} tried model ${r.model.id}: ${out.breach_count} breaches over ${out.observations_scanned} observations`);
      return out;
    },
  );

  endpoint(app, ctx, { method: 'put', path: '/api/models/{id}', summary: 'save a user model (or a user version of a built-in one)', tag: 'models', role: 'admin', params: ModelParam, body: Yaml, response: Ok }, async ({ params, body, principal }) => {
    const { before, after } = await lib.save(params.id, body.yaml, principal.name);
    await ctx.audit(principal, 'model.save', params.id, { before: before?.yaml ?? null, after: after.yaml });
    return { ok: true };
  });

  endpoint(
    app,
    ctx,
    { method: 'post', path: '/api/models/{id}/clone', summary: 'copy a model under a new id (a user model)', tag: 'models', role: 'admin', params: ModelParam, body: z.object({ new_id: ModelId }), response: z.object({ id: z.string() }) },
    async ({ params, body, principal }) => {
      const saved = await lib.clone(params.id, body.new_id, principal.name);
      await ctx.audit(principal, 'model.clone', body.new_id, { from: params.id });
      return { id: saved.id };
    },
  );

  for (const what of ['enable', 'disable'] as const) {
    endpoint(app, ctx, { method: 'post', path: `/api/models/{id}/${what}`, summary: `${what} a model (a tuning override, audited)`, tag: 'models', role: 'admin', params: ModelParam, response: Ok }, async ({ params, principal }) => {
      const { defs } = await lib.tuned();
      if (!defs.some((d) => d.model.id === params.id)) throw notFound('model', params.id);
      // the tuning store audits the change itself (who, before and after)
      await lib.tuning.changeOverride(
        defs.map((d) => d.model),
        { model: params.id, enabled: what === 'enable' },
        actorOf(principal),
        `model.${what}`,
      );
      return { ok: true };
    });
  }

  endpoint(app, ctx, { method: 'get', path: '/api/suppressions', summary: 'suppressions (also expired ones, with their expiry)', tag: 'models', role: 'viewer', response: z.array(SuppressionSchema) }, async () => lib.tuning.suppressions());

  endpoint(app, ctx, { method: 'post', path: '/api/suppressions', summary: 'hide the breaches of a model, device, peer group or destination until a time', tag: 'models', role: 'analyst', body: NewSuppression, response: SuppressionSchema }, async ({ body, principal }) => {
    const { expires, ...rest } = body;
    const forSeconds = expires - ctx.clock();
    if (!(forSeconds > 0)) throw badRequest('bad_expiry', 'expires must be in the future (epoch seconds)');
    if (!rest.model && !rest.device && !rest.peer_group && !rest.destination) throw badRequest('bad_suppression', 'give at least one of model, device, peer_group or destination');
    // audited by the tuning store
    return lib.tuning.addSuppression({ ...rest, for_seconds: forSeconds }, actorOf(principal));
  });

  endpoint(app, ctx, { method: 'delete', path: '/api/suppressions/{id}', summary: 'remove a suppression', tag: 'models', role: 'analyst', params: IdParam, response: Ok }, async ({ params, principal }) => {
    await lib.tuning.removeSuppression(params.id, actorOf(principal)).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'unknown_suppression') throw notFound('suppression', params.id);
      throw e;
    });
    return { ok: true };
  });

}
