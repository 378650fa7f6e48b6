import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { MAX_QUERY_TERMS } from './parse.js';
import { and, eq, ge, gt, isIn, isNull, le, like, lt, not, or } from '../condition.js';
import type { Condition } from '../types.js';
import { ALL_TYPES, compileQuery, type TypeQuery } from './compile.js';
import { SearchError } from './errors.js';
import { parseQuery } from './parse.js';

const compile = (q: string): TypeQuery[] => compileQuery(parseQuery(q));
const only = (q: string, type: string): Condition | undefined => {
  const plans = compile(q);
  expect(plans.map((p) => p.type)).toStrictEqual([type]);
  return plans[0]!.where;
};
const DAY_2024_05_01 = Date.UTC(2024, 4, 1) / 1000;

describe('conditions per type, values typed by the layout', () => {
  const CASES: [string, Condition | undefined][] = [
    ['@type:conn', undefined],
    ['@type:conn *', undefined],
    ['@type:conn service:dns', eq('service', 'dns')],
    ['@type:conn id.resp_p:445 AND NOT id.orig_h:10.0.0.*', and(eq('id.resp_p', 445), not(like('id.orig_h', '10.0.0.*')))],
    ['@type:conn service:dns AND orig_bytes:>1000', and(eq('service', 'dns'), gt('orig_bytes', 1000))],
    ['@type:conn orig_bytes:>=10 orig_bytes:<20 resp_bytes:<=3', and(ge('orig_bytes', 10), lt('orig_bytes', 20), le('resp_bytes', 3))],
    ['@type:conn orig_bytes:[10 TO 20}', and(ge('orig_bytes', 10), lt('orig_bytes', 20))],
    ['@type:conn orig_bytes:{10 TO *]', gt('orig_bytes', 10)],
    ['@type:conn duration:1.5', eq('duration', 1.5)],
    ['@type:conn duration:[.5 TO 1e3]', and(ge('duration', 0.5), le('duration', 1000))],
    ['@type:conn local_orig:true', eq('local_orig', true)],
    ['@type:conn local_orig:F', eq('local_orig', false)],
    ['@type:conn service:*', not(isNull('service'))],
    ['@type:conn -service:*', not(not(isNull('service')))],
    ['@type:conn tunnel_parents:Ta', eq('tunnel_parents', 'Ta')],
    ['@type:conn uid:"\'; DROP TABLE obs_conn; --"', eq('uid', "'; DROP TABLE obs_conn; --")],
    ['@type:conn history:"Sh*"', eq('history', 'Sh*')],
    ['@type:conn history:Sh\\*', eq('history', 'Sh*')],
    ['@type:conn history:Sh\\**', like('history', 'Sh\\**')],
    ['@type:conn _source:eth0', eq('_source', 'eth0')],
    // times: epoch seconds, ISO instants, and dates as whole UTC days
    ['@type:conn ts:1700000000.25', eq('ts', 1700000000.25)],
    ['@type:conn ts:2024-05-01', and(ge('ts', DAY_2024_05_01), lt('ts', DAY_2024_05_01 + 86400))],
    ['@type:conn ts:>2024-05-01', ge('ts', DAY_2024_05_01 + 86400)],
    ['@type:conn ts:>=2024-05-01', ge('ts', DAY_2024_05_01)],
    ['@type:conn ts:<2024-05-01', lt('ts', DAY_2024_05_01)],
    ['@type:conn ts:<=2024-05-01', lt('ts', DAY_2024_05_01 + 86400)],
    ['@type:conn ts:[2024-05-01 TO 2024-05-02]', and(ge('ts', DAY_2024_05_01), lt('ts', DAY_2024_05_01 + 2 * 86400))],
    ['@type:conn ts:{2024-05-01 TO 2024-05-02}', and(ge('ts', DAY_2024_05_01 + 86400), lt('ts', DAY_2024_05_01 + 86400))],
    ['@type:conn ts:>2024-05-01T10:00:00Z', gt('ts', DAY_2024_05_01 + 36000)],
    ['@type:conn ts:>=2024-05-01T10:00', ge('ts', DAY_2024_05_01 + 36000)],
    ['@type:conn ts:>=2024-05-01T12:00:00+02:00', ge('ts', DAY_2024_05_01 + 36000)],
    ['@type:conn ts:2024-05-01T10:00:00.000001Z', eq('ts', DAY_2024_05_01 + 36000 + 0.000001)],
    // IPv4 CIDR blocks on addresses
    ['@type:conn id.orig_h:10.0.0.0/8', like('id.orig_h', '10.*.*.*')],
    ['@type:conn id.orig_h:10.1.2.0/24', like('id.orig_h', '10.1.2.*')],
    ['@type:conn id.orig_h:10.1.2.3/32', eq('id.orig_h', '10.1.2.3')],
    ['@type:conn id.orig_h:10.1.2.5/30', isIn('id.orig_h', ['10.1.2.4', '10.1.2.5', '10.1.2.6', '10.1.2.7'])],
    ['@type:conn id.orig_h:172.16.0.0/12', or(...Array.from({ length: 16 }, (_, i) => like('id.orig_h', `172.${16 + i}.*.*`)))],
    ['@type:conn id.orig_h:0.0.0.0/0', like('id.orig_h', '*.*.*.*')],
    ['@type:x509 san.ip:192.168.0.0/16', like('san.ip', '192.168.*.*')],
    // the brief's example
    ['@type:ssl AND id.resp_p:443 AND NOT server_name:*.microsoft.com', and(eq('id.resp_p', 443), not(like('server_name', '*.microsoft.com')))],
  ];
  test.each(CASES)('%s', (q, where) => {
    const type = /@type:(\w+)/.exec(q)![1]!;
    expect(only(q, type)).toStrictEqual(where);
  });
});

describe('choosing types', () => {
  const types = (q: string) => compile(q).map((p) => p.type);

  test('without @type: every type that has all the named fields', () => {
    expect(types('service:dns').sort()).toStrictEqual(['conn', 'kerberos', 'known_services', 'smb_mapping']);
    expect(types('server_name:x').sort()).toStrictEqual(['quic', 'ssl']);
    expect(types('server_name:x AND id.resp_p:443').sort()).toStrictEqual(['quic', 'ssl']);
    expect(types('*')).toStrictEqual(ALL_TYPES);
    expect(types('')).toStrictEqual(ALL_TYPES);
  });

  test('@type: names, wildcards, OR, NOT; per-type branches', () => {
    expect(types('@type:(ssl OR x509)')).toStrictEqual(['ssl', 'x509']);
    expect(types('@type:smb_*').sort()).toStrictEqual(['smb_files', 'smb_mapping']);
    expect(types('NOT @type:conn')).toStrictEqual(ALL_TYPES.filter((t) => t !== 'conn'));
    expect(types('@type:conn AND @type:dns')).toStrictEqual([]);
    const plans = compile('(@type:ssl AND server_name:x) OR (@type:dns AND query:y)');
    expect(plans).toStrictEqual([
      { type: 'dns', where: eq('query', 'y') },
      { type: 'ssl', where: eq('server_name', 'x') },
    ].sort((a, b) => ALL_TYPES.indexOf(a.type as 'dns') - ALL_TYPES.indexOf(b.type as 'dns')));
    // a selected type without the field is left out when another has it
    expect(types('@type:(ssl OR x509) server_name:x')).toStrictEqual(['ssl']);
  });

  test('a value that fits only some types of a field keeps those types', () => {
    // version is text in http, ssl and quic, a number in ssh, ntp and ldap
    expect(types('version:TLSv12').sort()).toStrictEqual(['http', 'quic', 'ssl']);
    expect(types('version:2').sort()).toStrictEqual(['http', 'ldap', 'ntp', 'quic', 'ssh', 'ssl']);
  });

  test('free text: any text field (strings, addresses, their lists; not enums) contains the value, case-insensitively', () => {
    type Or = Extract<Condition, { op: 'and' | 'or' }>;
    const fieldsOf = (c: Condition | undefined) => (c as Or).conditions.map((x) => (x as { field: string }).field);
    // addresses are skipped for text no address can contain
    const dns = only('@type:dns evil', 'dns') as Or;
    expect(fieldsOf(dns)).toStrictEqual(['uid', 'query', 'qclass_name', 'qtype_name', 'rcode_name', 'answers', 'opcode_name']);
    expect(dns.conditions[1]).toStrictEqual(like('query', '*evil*', true));
    // identifiers match whole, as written
    expect(dns.conditions[0]).toStrictEqual(eq('uid', 'evil'));
    expect(fieldsOf(only('@type:dns 10.0.0', 'dns'))).toStrictEqual(['uid', 'id.orig_h', 'id.resp_h', 'query', 'qclass_name', 'qtype_name', 'rcode_name', 'answers', 'opcode_name']);
    expect((only('@type:dns "fe80::1"', 'dns') as Or).conditions[1]).toStrictEqual(like('id.orig_h', '*fe80::1*', true));
    expect((only('@type:dns *.ru', 'dns') as Or).conditions[1]).toStrictEqual(like('query', '*.ru', true));
    expect((only('@type:dns C12*', 'dns') as Or).conditions[0]).toStrictEqual(like('uid', 'C12*'));
    expect((only('@type:dns "a*b"', 'dns') as Or).conditions.find((c) => (c as { field: string }).field === 'query')).toStrictEqual(like('query', '*a\\*b*', true));
    expect(only('@type:known_hosts 10.0.0.5', 'known_hosts')).toStrictEqual(like('host', '*10.0.0.5*', true));
    expect(only('@type:known_hosts (x OR 10.0.0.5)', 'known_hosts')).toStrictEqual(like('host', '*10.0.0.5*', true));
    expect(fieldsOf(only('@type:files xyz', 'files'))).toStrictEqual(['fuid', 'uid', 'source', 'analyzers', 'mime_type', 'filename', 'parent_fuid', 'md5', 'sha1', 'sha256']);
    expect((only('@type:files xyz', 'files') as Or).conditions.filter((c) => c.op === '=').length).toBe(6);
  });
});

function errorOf(q: string): SearchError {
  try {
    compile(q);
  } catch (e) {
    expect(e).toBeInstanceOf(SearchError);
    return e as SearchError;
  }
  throw new Error(`expected ${q} to be refused`);
}

describe('errors', () => {
  test('unknown fields, with a suggestion', () => {
    const e = errorOf('@type:ssl AND sever_name:x');
    expect(e.code).toBe('unknown_field');
    expect(e.message).toBe("unknown field 'sever_name' for ssl; did you mean 'server_name'?");
    expect(e.position).toBe(14);
    expect(errorOf('sever_name:x').message).toBe("unknown field 'sever_name' in any observation type; did you mean 'server_name'?");
    expect(errorOf('ID.ORIG_H:x').message).toContain("did you mean 'id.orig_h'?");
    expect(errorOf('@type:conn server_name:x').message).toContain('server_name is a field of ssl, quic');
    const both = errorOf('server_name:x query:y');
    expect(both.code).toBe('unknown_field');
    expect(both.message).toMatch(/no observation type has all of the fields server_name, query \(server_name is in ssl, quic; query is in dns\)/);
    expect(errorOf('zzzzzzzz:1').message).toContain('check the spelling');
  });

  test('values that do not fit the field', () => {
    const port = errorOf('@type:conn id.resp_p:abc');
    expect(port.code).toBe('bad_value');
    expect(port.position).toBe(21);
    expect(port.message).toBe("'abc' is not a port number (e.g. 443), which id.resp_p takes");
    for (const q of [
      '@type:conn orig_bytes:1.5',
      '@type:conn orig_bytes:1*',
      '@type:conn orig_bytes:[a TO 5]',
      '@type:conn local_orig:yes',
      '@type:conn local_orig:>true',
      '@type:conn tunnel_parents:>x',
      '@type:conn ts:yesterday',
      '@type:conn ts:2024-13-45',
      '@type:conn id.orig_h:10.0.0.0/33',
      '@type:conn id.orig_h:300.0.0.0/8',
      '@type:conn id.orig_h:2001:db8::/32',
      '@type:conn duration:fast',
      '@type:ssl orig_bytes:[1 TO 2]'.replace('orig_bytes', 'id.resp_p').replace('[1 TO 2]', '[1 TO x]'),
      'id.resp_p:99999999999999999999',
    ]) {
      expect(errorOf(q).code, q).toBe('bad_value');
    }
    expect(errorOf('@type:conn id.orig_h:2001:db8::/32').message).toContain('IPv6 CIDR blocks are not supported');
    const t = errorOf('@type:ssll');
    expect(t.code).toBe('bad_value');
    expect(t.message).toContain("did you mean 'ssl'?");
    expect(errorOf('@type:>ssl').code).toBe('bad_value');
  });
});

describe('limits after expansion, and fuzz', () => {
  test('a query within the parser limits that expands past the store limits is too_complex, not a store error', () => {
    const cidrs = Array.from({ length: 40 }, (_, i) => `id.orig_h:10.${i}.0.0/17`).join(' OR ');
    const e = errorOf(`@type:conn (${cidrs})`);
    expect(e.code).toBe('too_complex');
    expect(e.message).toContain('more than 4096 comparisons for conn');
    const words = Array.from({ length: MAX_QUERY_TERMS - 1 }, (_, i) => `w${i}`).join(' OR ');
    // the most words on the type with the most text fields still fits (199 × 19 tests)
    expect(compile(`@type:http (${words})`)).toHaveLength(1);
    // the deepest nesting the parser takes stays within the store's depth once expanded
    let nested = 'a';
    for (let i = 0; i < 10; i++) nested = `(x${i} OR NOT (${nested}))`;
    expect(compile('@type:http ' + nested)).toHaveLength(1);
  });

  test('random queries over real field names give plans or SearchErrors, nothing else', () => {
    const rng = mulberry32(99);
    const FIELDS = ['ts', 'uid', 'id.orig_h', 'id.resp_p', 'orig_bytes', 'duration', 'local_orig', 'service', 'tunnel_parents', 'server_name', 'query', 'answers', 'san.ip', 'nope', '@type', '_source', 'version', 'TTLs'];
    const VALUES = ['1', '-1', '1.5', '1e400', 'abc', '*', 'a*', '?', '"x y"', 'true', 'T', '10.0.0.0/8', '10.0.0.0/33', 'fe80::1', '2024-05-01', '2024-02-30T10:00', '[1 TO 5]', '{* TO x}', '>5', '<=2024-01-01', 'conn', 'ss*', '(a OR b)', '""'];
    const JOIN = [' ', ' AND ', ' OR ', ' NOT ', ' -', ' (', ') '];
    for (let i = 0; i < 1500; i++) {
      let q = '';
      const n = 1 + Math.floor(rng() * 5);
      for (let j = 0; j < n; j++) {
        const f = FIELDS[Math.floor(rng() * FIELDS.length)]!;
        const v = VALUES[Math.floor(rng() * VALUES.length)]!;
        q += (j ? JOIN[Math.floor(rng() * JOIN.length)] : '') + (rng() < 0.2 ? v : `${f}:${v}`);
      }
      try {
        compile(q);
      } catch (e) {
        if (!(e instanceof SearchError)) throw new Error(`${q} threw ${String(e)}`);
      }
    }
  });
});
