import { describe, expect, it } from 'vitest';
import { httpHostName, isUnicast, learnedSubnet, normaliseMac, ptrToIp } from './addr.js';

describe('address helpers', () => {
  it('keeps only MACs that can name one host', () => {
    expect(normaliseMac('02:AB:cd:00:00:01')).toBe('02:ab:cd:00:00:01');
    expect(normaliseMac('ff:ff:ff:ff:ff:ff')).toBeUndefined();
    expect(normaliseMac('01:00:5e:00:00:fb')).toBeUndefined();
    expect(normaliseMac('33:33:00:00:00:01')).toBeUndefined();
    expect(normaliseMac('00:00:00:00:00:00')).toBeUndefined();
    expect(normaliseMac('nonsense')).toBeUndefined();
  });

  it('turns reverse names back into addresses', () => {
    expect(ptrToIp('10.0.20.10.in-addr.arpa')).toBe('10.20.0.10');
    expect(ptrToIp('10.0.20.in-addr.arpa')).toBeUndefined();
    expect(ptrToIp('b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa.')).toBe('4321:0:1:2:3:4:567:89ab');
    expect(ptrToIp('www.example.com')).toBeUndefined();
  });

  it('learns /24 and /64 subnets and knows unicast', () => {
    expect(learnedSubnet('10.20.1.105')).toBe('10.20.1.0/24');
    expect(learnedSubnet('2001:db8:1:2:3::9')).toBe('2001:db8:1:2::/64');
    expect(isUnicast('255.255.255.255')).toBe(false);
    expect(isUnicast('0.0.0.0')).toBe(false);
    expect(isUnicast('224.0.0.251')).toBe(false);
    expect(isUnicast('ff02::1')).toBe(false);
    expect(isUnicast('10.0.0.1')).toBe(true);
  });

  it('takes the name out of an HTTP Host header', () => {
    expect(httpHostName('Example.com:8080')).toBe('example.com');
    expect(httpHostName('192.0.2.1')).toBeUndefined();
    expect(httpHostName('[2001:db8::1]:80')).toBeUndefined();
  });
});
