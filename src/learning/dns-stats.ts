// DNS query statistics: per registered domain, the distinct subdomains queried over the trailing
// window (tunnels and DGAs mint many), and org-wide the decayed distribution of label entropy that a
// single query's entropy is compared with.
import { DecayedMoments } from './decayed-moments.js';
import { labelEntropy, splitName } from './domain.js';
import { enforceCap, sortedEntries } from './evict.js';
import { hash32 } from './hash.js';
import { ORG_HALF_LIFE } from './parameters.js';
import { WindowedDistinct, type WindowedDistinctState } from './windowed-distinct.js';

export interface DomainItem {
  first: number;
  last: number;
  subdomains: WindowedDistinct;
}

export interface DnsQueryFacts {
  domain: string;
  sub: string;
  /** bits per character of the subdomain labels */
  entropy: number;
}

export interface DnsStatsState {
  entropy: number[];
  domains: [string, number, number, WindowedDistinctState][];
}

export class DnsStats {
  readonly domains = new Map<string, DomainItem>();
  entropy = new DecayedMoments(ORG_HALF_LIFE);
  constructor(readonly cap: number) {}

  static facts(name: string): DnsQueryFacts {
    const { domain, sub } = splitName(name);
    return { domain, sub, entropy: labelEntropy(sub) };
  }

  observe(f: DnsQueryFacts, ts: number, gen: number): DomainItem {
    let item = this.domains.get(f.domain);
    if (!item) {
      item = { first: ts, last: ts, subdomains: new WindowedDistinct() };
      this.domains.set(f.domain, item);
      if (this.domains.size > this.cap) {
        enforceCap(this.domains, this.cap);
        item = this.domains.get(f.domain) ?? item;
      }
    }
    if (ts < item.first) item.first = ts;
    if (ts > item.last) item.last = ts;
    if (f.sub !== '') {
      item.subdomains.add(hash32(f.sub), gen);
      this.entropy.add(f.entropy, ts);
    }
    return item;
  }

  toState(): DnsStatsState {
    return {
      entropy: this.entropy.toState(),
      domains: sortedEntries(this.domains).map(([k, d]) => [k, d.first, d.last, d.subdomains.toState()]),
    };
  }

  static fromState(cap: number, s: DnsStatsState): DnsStats {
    const d = new DnsStats(cap);
    d.entropy = DecayedMoments.fromState(ORG_HALF_LIFE, s.entropy);
    for (const [k, first, last, subs] of s.domains) d.domains.set(k, { first, last, subdomains: WindowedDistinct.fromState(subs) });
    return d;
  }
}
