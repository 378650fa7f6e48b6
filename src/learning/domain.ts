// Hostname helpers for DNS statistics: the registered domain (what an organisation buys, under which
// tunnelling and DGA malware mint endless subdomains) by a public-suffix heuristic, and the Shannon
// entropy of the labels left of it. The full Public Suffix List is large and changes; a small list of
// common multi-label suffixes covers the cases that matter for "distinct subdomains per domain", and
// a wrong guess only merges or splits one domain's counts.

/** Second-level suffixes under which names are registered one level deeper (example.co.uk). */
const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'net.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'nhs.uk',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'ad.jp', 'ed.jp', 'gr.jp', 'lg.jp',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au',
  'co.nz', 'org.nz', 'net.nz', 'ac.nz', 'govt.nz',
  'com.br', 'net.br', 'org.br', 'gov.br', 'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn',
  'com.hk', 'org.hk', 'com.tw', 'org.tw', 'co.kr', 'or.kr', 'co.in', 'net.in', 'org.in', 'gov.in',
  'co.za', 'org.za', 'com.mx', 'com.ar', 'com.tr', 'com.sg', 'com.my', 'co.id', 'co.th', 'com.vn',
  'com.ua', 'co.il', 'com.pl', 'com.ru',
  // shared hosting and dynamic DNS zones where each customer is a separate "registrant"
  'github.io', 'herokuapp.com', 'cloudfront.net', 'azurewebsites.net', 'blogspot.com', 'duckdns.org',
  'ngrok.io', 'workers.dev', 'pages.dev', 'appspot.com', 'web.app', 'firebaseapp.com',
]);

/** Names that never leave the site (reverse lookups, mDNS, single labels) have no registered domain. */
export function isExternalName(name: string): boolean {
  if (name.indexOf('.') < 0) return false;
  return !(name.endsWith('.arpa') || name.endsWith('.local') || name.endsWith('.lan') || name.endsWith('.internal') || name.endsWith('.home.arpa'));
}

/** Lower case, no trailing dot, no port. */
export function normaliseHost(host: string): string {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  // strip a :port, but leave IPv6 literals ([::1]:80 → [::1]) intact
  const colon = h.lastIndexOf(':');
  if (colon > 0 && h.indexOf(':') === colon) h = h.slice(0, colon);
  return h;
}

export interface SplitName {
  /** the registered domain (example.co.uk) */
  domain: string;
  /** the labels left of it joined with dots ('' when the name is the domain itself) */
  sub: string;
}

export function splitName(name: string): SplitName {
  const last = name.lastIndexOf('.');
  if (last < 0) return { domain: name, sub: '' };
  const second = name.lastIndexOf('.', last - 1);
  if (second < 0) return { domain: name, sub: '' };
  let cut = second;
  if (MULTI_LABEL_SUFFIXES.has(name.slice(second + 1))) {
    const third = name.lastIndexOf('.', second - 1);
    if (third < 0) return { domain: name, sub: '' };
    cut = third;
  }
  return { domain: name.slice(cut + 1), sub: name.slice(0, cut) };
}

/**
 * Shannon entropy in bits per character of the subdomain labels (dots excluded). English-like
 * names score about 2.5–3.5; base32/hex tunnelling payloads 4 and more.
 */
export function labelEntropy(sub: string): number {
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < sub.length; i++) {
    const c = sub.charCodeAt(i);
    if (c === 46) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    n++;
  }
  if (n === 0) return 0;
  let h = 0;
  // sum in code-unit order so the float result does not depend on Map insertion order
  for (const c of [...counts.keys()].sort((a, b) => a - b)) {
    const p = counts.get(c)! / n;
    h -= p * Math.log2(p);
  }
  return h;
}
