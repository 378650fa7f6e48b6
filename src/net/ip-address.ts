// IP address text forms, shared by every stage: the four-word form used in hot paths
// (IPv4 in the last word) to and from the text Zeek prints.

export function parseIp(text: string): { v6: boolean; words: number[] } | null {
  if (text.includes(':')) {
    let s = text;
    let tail: number[] = [];
    const lastColon = s.lastIndexOf(':');
    if (s.slice(lastColon + 1).includes('.')) {
      const v4 = parseIp(s.slice(lastColon + 1));
      if (!v4 || v4.v6) return null;
      tail = [v4.words[3]! >>> 16, v4.words[3]! & 0xffff];
      s = s.slice(0, lastColon + 1) + '0:0';
    }
    const halves = s.split('::');
    if (halves.length > 2) return null;
    const parse = (h: string) => (h === '' ? [] : h.split(':').map((x) => (/^[0-9a-fA-F]{1,4}$/.test(x) ? parseInt(x, 16) : NaN)));
    const head = parse(halves[0]!);
    const back = halves.length === 2 ? parse(halves[1]!) : [];
    const fill = 8 - head.length - back.length;
    if (halves.length === 1 ? fill !== 0 : fill < 0) return null;
    const g = [...head, ...new Array(Math.max(0, fill)).fill(0), ...back];
    if (tail.length) g.splice(6, 2, ...tail);
    if (g.length !== 8 || g.some((x) => Number.isNaN(x))) return null;
    return { v6: true, words: [0, 1, 2, 3].map((i) => ((g[2 * i]! << 16) | g[2 * i + 1]!) >>> 0) };
  }
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let w = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    w = w * 256 + Number(p);
  }
  return { v6: false, words: [0, 0, 0xffff, w] };
}

/** Formats an address in four-word form as Zeek prints it. */
export function addrString(v6: boolean, w0: number, w1: number, w2: number, w3: number): string {
  if (!v6) return `${w3 >>> 24}.${(w3 >>> 16) & 255}.${(w3 >>> 8) & 255}.${w3 & 255}`;
  return ipv6String([w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff]);
}

/** RFC 5952 text form: lower case, longest run of two or more zero groups shown as "::". */
export function ipv6String(g: number[]): string {
  // IPv4-mapped and IPv4-compatible forms print the last 32 bits dotted, as inet_ntop does.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && (g[5] === 0xffff || (g[5] === 0 && g[6]! !== 0))) {
    const v4 = `${g[6]! >>> 8}.${g[6]! & 255}.${g[7]! >>> 8}.${g[7]! & 255}`;
    return g[5] === 0xffff ? `::ffff:${v4}` : `::${v4}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number, b: number) => g.slice(a, b).map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}
