import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import type { Node, Value } from './ast.js';
import { SearchError } from './errors.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseQuery } from './parse.js';

const val = (v: Value) => (v.quoted ? JSON.stringify(v.text) : v.pattern !== undefined ? `~${v.pattern}` : v.text);

/** A compact, position-free form of the tree, for table-driven tests. */
function show(n: Node): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `(${n.kind} ${n.items.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(n.item)})`;
    case 'all':
      return '*';
    case 'match':
      return `${n.field}=${val(n.value)}`;
    case 'compare':
      return `${n.field}${n.op}${val(n.value)}`;
    case 'range':
      return `${n.field}${n.lowerInclusive ? '[' : '{'}${n.lower ? val(n.lower) : '*'}..${n.upper ? val(n.upper) : '*'}${n.upperInclusive ? ']' : '}'}`;
    case 'exists':
      return `${n.field}:*`;
    case 'text':
      return `text(${val(n.value)})`;
  }
}

const GRAMMAR: [string, string][] = [
  ['', '*'],
  ['   ', '*'],
  ['*', '*'],
  ['service:dns', 'service=dns'],
  ['id.resp_p:443', 'id.resp_p=443'],
  ['@type:ssl', '@type=ssl'],
  ['server_name:*.microsoft.com', 'server_name=~*.microsoft.com'],
  ['uid:C?x*', 'uid=~C?x*'],
  ['server_name:a\\*b', 'server_name=a*b'],
  ['server_name:a\\*b*', 'server_name=~a\\*b*'],
  ['history:a\\\\b', 'history=a\\b'],
  ['path:C\\:\\\\x', 'path=C:\\x'],
  ['query:"a b*c"', 'query="a b*c"'],
  ['query:"say \\"hi\\""', 'query="say \\"hi\\""'],
  ['orig_bytes:>1000', 'orig_bytes>1000'],
  ['orig_bytes:>=1000', 'orig_bytes>=1000'],
  ['orig_bytes:<5', 'orig_bytes<5'],
  ['orig_bytes:<=-5', 'orig_bytes<=-5'],
  ['ts:>2024-05-01T10:00:00Z', 'ts>2024-05-01T10:00:00Z'],
  ['id.orig_h:fe80::1', 'id.orig_h=fe80::1'],
  ['id.resp_p:[1 TO 1024]', 'id.resp_p[1..1024]'],
  ['id.resp_p:{1 TO 1024}', 'id.resp_p{1..1024}'],
  ['id.resp_p:[1 to 1024}', 'id.resp_p[1..1024}'],
  ['ts:[2024-05-01T00:00:00Z TO *]', 'ts[2024-05-01T00:00:00Z..*]'],
  ['ts:[* TO "2024-05-02"]', 'ts[*..2024-05-02]'.replace('2024-05-02', '"2024-05-02"')],
  ['service:[* TO *]', 'service:*'],
  ['service:*', 'service:*'],
  ['google', 'text(google)'],
  ['"evil corp"', 'text("evil corp")'],
  ['*.ru', 'text(~*.ru)'],
  ['10.0.0.1:443', 'text(10.0.0.1:443)'],
  ['a b', '(and text(a) text(b))'],
  ['a AND b', '(and text(a) text(b))'],
  ['a and b', '(and text(a) text(b))'],
  ['a OR b', '(or text(a) text(b))'],
  ['a or b', '(or text(a) text(b))'],
  ['a OR b c', '(or text(a) (and text(b) text(c)))'],
  ['a b OR c', '(or (and text(a) text(b)) text(c))'],
  ['a AND b OR c AND d', '(or (and text(a) text(b)) (and text(c) text(d)))'],
  ['(a OR b) c', '(and (or text(a) text(b)) text(c))'],
  ['NOT a', '(not text(a))'],
  ['not a b', '(and (not text(a)) text(b))'],
  ['NOT NOT a', '(not (not text(a)))'],
  ['-service:dns', '(not service=dns)'],
  ['-(a OR b)', '(not (or text(a) text(b)))'],
  ['a -b', '(and text(a) (not text(b)))'],
  ['\\-b', 'text(-b)'],
  ['NOT (a OR b) AND c', '(and (not (or text(a) text(b))) text(c))'],
  ['@type:(ssl OR x509)', '(or @type=ssl @type=x509)'],
  ['service:(dns OR "ht tp" OR ss*) -x', '(and (or service=dns service="ht tp" service=~ss*) (not text(x)))'],
  ['id.orig_h:(fe80::1 OR NOT 10.0.0.1)', '(or id.orig_h=fe80::1 (not id.orig_h=10.0.0.1))'],
  ['id.resp_p:([1 TO 5] OR 443)', '(or id.resp_p[1..5] id.resp_p=443)'],
  ['service:"dns"', 'service="dns"'],
  ['orig_bytes:>"5"', 'orig_bytes>"5"'],
  ['@type:ssl AND id.resp_p:443 AND NOT server_name:*.microsoft.com', '(and @type=ssl id.resp_p=443 (not server_name=~*.microsoft.com))'],
  ['service:and', 'service=and'],
  ['"AND"', 'text("AND")'],
  ['a\tOR\nb', '(or text(a) text(b))'],
];

describe('grammar', () => {
  test.each(GRAMMAR)('%s', (q, expected) => {
    expect(show(parseQuery(q))).toBe(expected);
  });

  test('positions point at the term and at the value', () => {
    const n = parseQuery('a  service:dns') as Extract<Node, { kind: 'and' | 'or' }>;
    const m = n.items[1] as Extract<Node, { kind: 'match' }>;
    expect(m.position).toBe(3);
    expect(m.value.position).toBe(11);
    const c = parseQuery('orig_bytes:>=7') as Extract<Node, { kind: 'compare' }>;
    expect(c.value.position).toBe(13);
  });
});

function errorOf(q: unknown): SearchError {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(SearchError);
    return e as SearchError;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('errors say what and where', () => {
  const CASES: [string, SearchError['code'], number, RegExp][] = [
    ['(a OR b', 'search_syntax', 7, /'\(' at position 0 is not closed/],
    ['a OR b)', 'search_syntax', 6, /unmatched '\)'/],
    ['a AND', 'search_syntax', 5, /AND at position 2 needs a term/],
    ['a OR', 'search_syntax', 4, /OR at position 2 needs a term/],
    ['AND a', 'search_syntax', 0, /found the keyword AND/],
    ['a OR OR b', 'search_syntax', 5, /needs a term/],
    ['NOT', 'search_syntax', 3, /NOT at position 0 needs a term/],
    ['()', 'search_syntax', 0, /empty parentheses/],
    ['service:', 'search_syntax', 8, /needs a value right after it/],
    ['service: dns', 'search_syntax', 8, /no space/],
    ['orig_bytes:> 5', 'search_syntax', 12, /needs a value/],
    ['query:"abc', 'search_syntax', 6, /quote opened at position 6 is not closed/],
    ['id.resp_p:[1 5]', 'search_syntax', 13, /expected TO/],
    ['id.resp_p:[1 TO 5', 'search_syntax', 17, /not closed/],
    ['id.resp_p:[TO 5]', 'search_syntax', 11, /needs a value or \*/],
    ['id.resp_p:[1* TO 5]', 'bad_value', 11, /not wildcards/],
    ['- a', 'search_syntax', 0, /negates the term right after it/],
    ['a ]', 'search_syntax', 2, /unexpected '\]'/],
    ['@foo:1', 'unknown_field', 0, /only @type starts with @/],
    ['service:(a OR proto:(b))', 'search_syntax', 14, /inside service's parentheses/],
  ];
  test.each(CASES)('%s → %s at %i', (q, code, position, message) => {
    const e = errorOf(q);
    expect(e.code).toBe(code);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });

  test('limits: length, depth and terms are named constants, refused as too_complex', () => {
    expect(errorOf('a'.repeat(MAX_QUERY_LENGTH + 1)).code).toBe('too_complex');
    expect(() => parseQuery('a'.repeat(MAX_QUERY_LENGTH))).not.toThrow();
    const deep = '('.repeat(MAX_QUERY_DEPTH + 1) + 'a' + ')'.repeat(MAX_QUERY_DEPTH + 1);
    expect(errorOf(deep).code).toBe('too_complex');
    expect(() => parseQuery('('.repeat(MAX_QUERY_DEPTH) + 'a' + ')'.repeat(MAX_QUERY_DEPTH))).not.toThrow();
    expect(errorOf('NOT '.repeat(MAX_QUERY_DEPTH + 1) + 'a').code).toBe('too_complex');
    expect(errorOf('-'.repeat(MAX_QUERY_DEPTH + 1) + 'a').code).toBe('too_complex');
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `t${i}`).join(' OR ');
    const e = errorOf(many);
    expect(e.code).toBe('too_complex');
    expect(e.message).toContain(String(MAX_QUERY_TERMS));
    expect(() => parseQuery(Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `t${i}`).join(' OR '))).not.toThrow();
  });

  test('a query that is not text is a bad_value', () => {
    expect(errorOf(42).code).toBe('bad_value');
    expect(errorOf(null).code).toBe('bad_value');
  });
});

describe('fuzz', () => {
  const ALPHABET = ['a', 'b', 'x', ' ', ' ', ':', '"', '\\', '(', ')', '[', ']', '{', '}', '*', '?', '-', '>', '<', '=', 'AND', 'OR', 'NOT', 'TO', 'and', '@type', 'service', '1', '.', '\n', 'é', '漢', '\u0000', '/'];

  test('thousands of random strings give a tree or a SearchError, never anything else', () => {
    const rng = mulberry32(20260523);
    let trees = 0;
    let errors = 0;
    for (let i = 0; i < 4000; i++) {
      const n = Math.floor(rng() * 30);
      let q = '';
      for (let j = 0; j < n; j++) q += ALPHABET[Math.floor(rng() * ALPHABET.length)];
      try {
        parseQuery(q);
        trees++;
      } catch (e) {
        if (!(e instanceof SearchError)) throw new Error(`${JSON.stringify(q)} threw ${String(e)}`);
        expect(e.position).toBeGreaterThanOrEqual(0);
        expect(e.position).toBeLessThanOrEqual(q.length);
        errors++;
      }
    }
    // both outcomes are exercised
    expect(trees).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(100);
  });

  test('random bytes, including lone surrogates', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const q = String.fromCharCode(...Array.from({ length: Math.floor(rng() * 40) }, () => Math.floor(rng() * 0xffff)));
      try {
        parseQuery(q);
      } catch (e) {
        if (!(e instanceof SearchError)) throw new Error(`${JSON.stringify(q)} threw ${String(e)}`);
      }
    }
  });
});
