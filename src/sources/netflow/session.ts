// What a collector remembers between packets: templates, sampler rates, exporter boot times and data
// sets waiting for their template. Everything is bounded. v9.ts and ipfix.ts parse their own header
// and template formats and hand templates and data sets to this one place.
import { BoundedMap } from './bounded-map.js';
import type { FlowFields } from './field-value.js';
import { finishFlow, numberOf, type DecodedFlow, type ExportContext } from './flow.js';
import { PendingSets, MAX_PENDING_BYTES, MAX_PENDING_SETS } from './pending.js';
import type { ProblemList } from './problems.js';
import { decodeRecord } from './record.js';
import { SamplerTable, MAX_SAMPLERS } from './sampling.js';
import { MAX_TEMPLATES, TemplateCache, templateKey } from './template-cache.js';
import type { Template } from './template.js';
import { isZeroRange, MAX_PADDING } from './template-rules.js';

export interface SessionOptions {
  /** template cache size (default MAX_TEMPLATES) */
  maxTemplates?: number;
  /** keep data sets that arrive before their template and decode them when it comes (default true) */
  bufferMissing?: boolean;
  maxPendingSets?: number;
  maxPendingBytes?: number;
  maxSamplers?: number;
}

/** Exporter boot times remembered (IPFIX has no uptime in its header). */
export const MAX_BOOT_TIMES = 4096;

export class Session {
  readonly templates: TemplateCache;
  readonly samplers: SamplerTable;
  readonly bootTimes = new BoundedMap<string, number>(MAX_BOOT_TIMES);
  readonly pending: PendingSets;

  constructor(opts: SessionOptions = {}) {
    this.templates = new TemplateCache(opts.maxTemplates ?? MAX_TEMPLATES);
    this.samplers = new SamplerTable(opts.maxSamplers ?? MAX_SAMPLERS);
    const buffer = opts.bufferMissing ?? true;
    this.pending = new PendingSets(buffer ? (opts.maxPendingSets ?? MAX_PENDING_SETS) : 0, opts.maxPendingBytes ?? MAX_PENDING_BYTES);
  }

  /** Caches a template, then decodes any data sets that were waiting for it. */
  installTemplate(ctx: ExportContext, t: Template, flows: DecodedFlow[], problems: ProblemList): void {
    const { evicted, changed } = this.templates.set(ctx.exporter, ctx.domain, t);
    if (changed) problems.add('template_changed', `template ${t.id} of ${ctx.exporter}/${ctx.domain} has a new layout`);
    if (evicted) problems.add('template_evicted', `template cache full (${this.templates.size}); oldest dropped`);
    const waiting = this.pending.take(templateKey(ctx.version, ctx.exporter, ctx.domain, t.id));
    for (const p of waiting) this.decodeRecords(p.ctx, t, p.bytes, 0, p.bytes.length, flows, problems);
  }

  /** Decodes a data set's records (bytes start..end, after the set header). */
  decodeDataSet(
    ctx: ExportContext, templateId: number, b: Uint8Array, start: number, end: number,
    flows: DecodedFlow[], problems: ProblemList,
  ): void {
    const t = this.templates.get(ctx.version, ctx.exporter, ctx.domain, templateId);
    if (t) {
      this.decodeRecords(ctx, t, b, start, end, flows, problems);
      return;
    }
    problems.add('missing_template', `data set ${templateId} from ${ctx.exporter}/${ctx.domain} before its template`);
    if (this.pending.maxSets === 0) return;
    const key = templateKey(ctx.version, ctx.exporter, ctx.domain, templateId);
    const dropped = this.pending.add(key, ctx, templateId, b.subarray(start, end));
    if (dropped > 0) problems.add('pending_dropped', `${dropped} data set(s) waiting for a template dropped`);
  }

  private decodeRecords(
    ctx: ExportContext, t: Template, b: Uint8Array, start: number, end: number,
    flows: DecodedFlow[], problems: ProblemList,
  ): void {
    if (t.minLength === 0) {
      problems.add('unusable_template', `template ${t.id} has no bytes per record`);
      return;
    }
    let o = start;
    // Fewer bytes than the smallest record left over: padding (RFC 7011 §3.3.1, RFC 3954 §5.3).
    while (end - o >= t.minLength) {
      const fields: FlowFields = {};
      const next = decodeRecord(b, o, end, t, fields);
      if (next < 0) {
        problems.add('record_overruns_set', `a record of template ${t.id} runs past the end of its set`);
        return;
      }
      o = next;
      flows.push(this.finish(ctx, t, fields));
    }
    // Padding aligns sets to 4 bytes and should be zero; some exporters leave 1–3 bytes of garbage,
    // which is harmless. More than that is a cut record or a template that does not fit the data.
    if (end - o > MAX_PADDING && !isZeroRange(b, o, end)) {
      problems.add('record_overruns_set', `${end - o} non-zero bytes after the last whole record of template ${t.id}`);
    }
  }

  /**
   * Turns a decoded record (t is null for v5) into a flow; options records also teach sampling
   * rates and boot times.
   */
  finish(ctx: ExportContext, t: Template | null, fields: FlowFields): DecodedFlow {
    const options = t?.options ?? false;
    if (options) {
      this.samplers.learn(ctx, fields);
      const boot = numberOf(fields.systemInitTimeMilliseconds);
      if (boot !== undefined) this.bootTimes.set(ctx.key, boot);
    }
    const rate = options ? 1 : this.samplers.rateFor(ctx, fields);
    const boot = numberOf(fields.systemInitTimeMilliseconds) ?? this.bootTimes.get(ctx.key);
    return finishFlow(ctx, t?.id ?? 0, options, fields, rate, boot);
  }
}
