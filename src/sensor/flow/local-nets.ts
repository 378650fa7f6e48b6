// Configured local networks (CIDR list) answering "is this address local?" on the four-word form.
import { ConfigError } from '../../schema/errors.js';
import { parseIp } from '../../net/ip-address.js';

/**
 * Zeek's default: private and special-purpose address space counts as local, including link-local
 * (224.0.0.0/24) and administratively scoped (239/8) multicast, which never leaves the site.
 */
export const DEFAULT_LOCAL_NETS = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '224.0.0.0/24', '239.0.0.0/8', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
  '255.255.255.255/32', '::1/128', '::/128', '64:ff9b:1::/48', '100::/64', '2001::/23', '2001:db8::/32', 'fc00::/7', 'fe80::/10',
];

interface Net {
  v6: boolean;
  words: number[];
  bits: number;
}

export class LocalNets {
  private readonly nets: Net[];
  constructor(cidrs: string[]) {
    this.nets = cidrs.map((c) => {
      const [addr, bitsText] = c.trim().split('/');
      const ip = parseIp(addr ?? '');
      if (!ip) throw new ConfigError('bad_local_net', `local network "${c}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
      const max = ip.v6 ? 128 : 32;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new ConfigError('bad_local_net', `local network "${c}" has a bad prefix length`);
      return { v6: ip.v6, words: ip.words, bits: ip.v6 ? bits : bits + 96 };
    });
  }

  contains(v6: boolean, w0: number, w1: number, w2: number, w3: number): boolean {
    const w = [w0, w1, w2, w3];
    outer: for (const n of this.nets) {
      if (n.v6 !== v6) continue;
      let bits = n.bits;
      for (let i = 0; i < 4 && bits > 0; i++, bits -= 32) {
        const mask = bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
        if (((w[i]! & mask) >>> 0) !== ((n.words[i]! & mask) >>> 0)) continue outer;
      }
      return true;
    }
    return false;
  }
}
