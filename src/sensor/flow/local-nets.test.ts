import { describe, expect, it } from 'vitest';
import { parseIp } from '../../net/ip-address.js';
import { ConfigError } from '../../schema/errors.js';
import { DEFAULT_LOCAL_NETS, LocalNets } from './local-nets.js';

function has(nets: LocalNets, addr: string): boolean {
  const p = parseIp(addr)!;
  const [w0, w1, w2, w3] = p.words as [number, number, number, number];
  return nets.contains(p.v6, w0, w1, w2, w3);
}

describe('LocalNets', () => {
  it('matches IPv4 prefixes of any length, including /0 and /32', () => {
    const n = new LocalNets(['10.0.0.0/8', '172.16.0.0/12', '192.168.1.7/32', '100.64.0.0/10']);
    expect(has(n, '10.255.1.2')).toBe(true);
    expect(has(n, '11.0.0.0')).toBe(false);
    expect(has(n, '172.31.255.255')).toBe(true);
    expect(has(n, '172.32.0.0')).toBe(false);
    expect(has(n, '192.168.1.7')).toBe(true);
    expect(has(n, '192.168.1.8')).toBe(false);
    expect(has(n, '100.127.0.1')).toBe(true);
    expect(has(n, '100.128.0.1')).toBe(false);
    const all = new LocalNets(['0.0.0.0/0']);
    expect(has(all, '255.255.255.255')).toBe(true);
    expect(has(all, '::1')).toBe(false); // families never mix
  });

  it('matches IPv6 prefixes across word boundaries', () => {
    const n = new LocalNets(['fd00::/8', '2001:db8:abcd:12::/64', '2001:db8::1/128']);
    expect(has(n, 'fdff::1')).toBe(true);
    expect(has(n, 'fe00::1')).toBe(false);
    expect(has(n, '2001:db8:abcd:12:ffff::1')).toBe(true);
    expect(has(n, '2001:db8:abcd:13::1')).toBe(false);
    expect(has(n, '2001:db8::1')).toBe(true);
    expect(has(n, '2001:db8::2')).toBe(false);
    expect(has(n, '10.0.0.1')).toBe(false);
    const odd = new LocalNets(['2001:db8:8000::/33', '2001:db8:1:2:3:4:5:6/127']);
    expect(has(odd, '2001:db8:ffff::')).toBe(true);
    expect(has(odd, '2001:db8:7fff::')).toBe(false);
    expect(has(odd, '2001:db8:1:2:3:4:5:7')).toBe(true);
    expect(has(odd, '2001:db8:1:2:3:4:5:8')).toBe(false);
  });

  it('a bare address is a host route', () => {
    const n = new LocalNets(['192.0.2.5', '2001:db8::5']);
    expect(has(n, '192.0.2.5')).toBe(true);
    expect(has(n, '192.0.2.6')).toBe(false);
    expect(has(n, '2001:db8::5')).toBe(true);
  });

  it('the defaults cover private, link-local and documentation space but not public addresses', () => {
    const n = new LocalNets(DEFAULT_LOCAL_NETS);
    for (const a of ['10.1.2.3', '192.168.0.1', '172.20.0.1', '127.0.0.1', '169.254.1.1', 'fe80::1', 'fd12::1', '::1']) expect(has(n, a), a).toBe(true);
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111']) expect(has(n, a), a).toBe(false);
  });

  it('rejects what is not a CIDR with a ConfigError', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0/8', 'banana', '10.0.0.0/x', '10.0.0.0/-1', '']) {
      expect(() => new LocalNets([bad]), bad).toThrow(ConfigError);
    }
  });
});
