import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { operationName, endpointName } from './names.js';
import { parsePdu } from './parse.js';
import { bind, bindAck, request, response } from './fixtures.test-util.js';

describe('dce_rpc parse', () => {
  it('reads a bind, bind_ack, request and response', () => {
    const b = parsePdu(bind());
    expect(b.status === 'ok' && b.value.contexts?.[0]?.uuid).toBe('367abb81-9844-35f1-ad32-98f038001003');
    const a = parsePdu(bindAck());
    expect(a.status === 'ok' && a.value.secAddr).toBe('\\PIPE\\svcctl');
    const q = parsePdu(request(12));
    expect(q.status === 'ok' && q.value.opnum).toBe(12);
    expect(parsePdu(response()).status).toBe('ok');
    expect(parsePdu(bind().subarray(0, 20)).status).toBe('need-more');
    expect(parsePdu(Buffer.from('0400000000000000', 'hex').subarray(0, 8)).status).toBe('need-more');
  });
  it('names interfaces and operations as Zeek does', () => {
    expect(endpointName('367abb81-9844-35f1-ad32-98f038001003')).toBe('svcctl');
    expect(operationName('367abb81-9844-35f1-ad32-98f038001003', 12)).toBe('CreateServiceW');
    expect(operationName('e3514235-4b06-11d1-ab04-00c04fc2dcd2', 3)).toBe('DRSGetNCChanges');
    expect(operationName('86d35949-83c9-4044-b424-db363231fd0c', 1)).toBe('SchRpcRegisterTask');
    expect(endpointName('00000000-1111-2222-3333-444444444444')).toBe('unknown-00000000-1111-2222-3333-444444444444');
    expect(operationName('367abb81-9844-35f1-ad32-98f038001003', 999)).toBe('unknown-999');
  });
  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(99);
    const seeds = [bind(), bindAck(), request(3), response()];
    for (let i = 0; i < 5000; i++) {
      const base = seeds[i % 4]!;
      const b = Buffer.from(base.subarray(0, Math.floor(rnd() * (base.length + 1))));
      for (let k = 0; k < 1 + rnd() * 4; k++) if (b.length > 2) b[2 + Math.floor(rnd() * (b.length - 2))] = Math.floor(rnd() * 256);
      expect(() => parsePdu(b)).not.toThrow();
    }
  });
});
