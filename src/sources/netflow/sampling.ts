// Sampling rates: from a record's own sampling fields, from sampler tables that exporters send as
// options data (v9 FLOW_SAMPLER_ID + interval, IPFIX selectorId + packet interval/space …), or from
// the v5 header. Packets and bytes are multiplied by the rate; the rate is recorded on the flow.
import { BoundedMap } from './bounded-map.js';
import type { FlowFields } from './field-value.js';
import { numberOf, type ExportContext } from './flow.js';

/** Sampler entries remembered across all exporters. */
export const MAX_SAMPLERS = 4096;
/** A rate above this is taken as garbage, not as sampling. */
export const MAX_SAMPLING_RATE = 1 << 24;

/** The sampling rate a record's own fields announce, if any (1 in N packets). */
export function rateFromFields(f: FlowFields): number | undefined {
  const interval = numberOf(f.samplingInterval) ?? numberOf(f.samplerRandomInterval);
  if (interval !== undefined && interval >= 1) return Math.min(interval, MAX_SAMPLING_RATE);
  const pInterval = numberOf(f.samplingPacketInterval);
  const pSpace = numberOf(f.samplingPacketSpace);
  if (pInterval !== undefined && pInterval >= 1) return Math.min((pInterval + (pSpace ?? 0)) / pInterval, MAX_SAMPLING_RATE);
  const size = numberOf(f.samplingSize);
  const population = numberOf(f.samplingPopulation);
  if (size !== undefined && population !== undefined && size >= 1 && population >= size) {
    return Math.min(population / size, MAX_SAMPLING_RATE);
  }
  const p = f.samplingProbability;
  if (typeof p === 'number' && p > 0 && p <= 1) return Math.min(1 / p, MAX_SAMPLING_RATE);
  return undefined;
}

function samplerIdOf(f: FlowFields): number | undefined {
  return numberOf(f.samplerId) ?? numberOf(f.selectorId);
}

export class SamplerTable {
  private readonly rates: BoundedMap<string, number>;

  constructor(maxEntries = MAX_SAMPLERS) {
    this.rates = new BoundedMap(maxEntries);
  }

  /** Learns from an options record: a sampler's rate, or the whole domain's when no sampler id. */
  learn(ctx: ExportContext, f: FlowFields): void {
    const rate = rateFromFields(f);
    if (rate === undefined) return;
    const id = samplerIdOf(f);
    this.rates.set(id === undefined ? ctx.key : `${ctx.key}|${id}`, rate);
  }

  /** Rate for a data record: its own fields (v5: the header's), else its sampler's, else the domain's, else 1. */
  rateFor(ctx: ExportContext, f: FlowFields): number {
    const own = rateFromFields(f);
    if (own !== undefined) return own;
    const id = samplerIdOf(f);
    if (id !== undefined) {
      const r = this.rates.get(`${ctx.key}|${id}`);
      if (r !== undefined) return r;
    }
    return this.rates.get(ctx.key) ?? 1;
  }
}
