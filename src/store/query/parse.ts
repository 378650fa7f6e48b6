// The Advanced Search language: a hand-written tokenizer and recursive-descent parser (the grammar is
// small, and owning it keeps every error's position and wording ours). Grammar (README.md has the
// user's version):
//
//   expr := or;  or := and ('OR' and)*;  and := not (('AND')? not)*;  not := ('NOT' | '-') not | atom
//   atom := '(' expr ')' | term
//   term := field ':' value | field ':' op value | field ':' '[' v 'TO' v ']' | field ':' '{' v 'TO' v '}'
//         | field ':' '(' values ')' | field ':*' | value | '*'
//
// Keywords (AND OR NOT TO) are case-insensitive. The parser only builds the tree; fields and values
// are checked against the types in compile.ts. Any input gives a Node or a SearchError, nothing else.
import { TYPE_FIELD, type CompareOp, type Node, type Value } from './ast.js';
import { SearchError } from './errors.js';

/** Longest query text accepted (characters). */
export const MAX_QUERY_LENGTH = 4000;
/** Deepest nesting of parentheses and NOTs. */
export const MAX_QUERY_DEPTH = 32;
/** Most terms (field:value, ranges, bare values) in one query. */
export const MAX_QUERY_TERMS = 200;

type Token =
  | { t: '(' | ')' | '[' | ']' | '{' | '}'; pos: number; end: number }
  | { t: 'word'; raw: string; pos: number; end: number }
  | { t: 'quoted'; text: string; pos: number; end: number };

const SPECIAL = new Set(['(', ')', '[', ']', '{', '}', '"']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\u3000';
const FIELD = /^@?[A-Za-z_][A-Za-z0-9_.]*$/;

function syntax(message: string, position: number): SearchError {
  return new SearchError('search_syntax', message, position);
}

/** Words run to whitespace or one of ()[]{}"; `\` escapes the next character (kept raw for the parser). */
export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '"') {
      const start = i++;
      let text = '';
      for (;;) {
        if (i >= q.length) throw syntax(`the quote opened at position ${start} is not closed; add a closing "`, start);
        const d = q[i++]!;
        if (d === '"') break;
        if (d === '\\' && i < q.length) text += q[i++];
        else text += d;
      }
      out.push({ t: 'quoted', text, pos: start, end: i });
    } else if (SPECIAL.has(c)) {
      out.push({ t: c as '(' | ')' | '[' | ']' | '{' | '}', pos: i, end: i + 1 });
      i++;
    } else {
      const start = i;
      while (i < q.length && !isSpace(q[i]!) && !SPECIAL.has(q[i]!)) i += q[i] === '\\' && i + 1 < q.length ? 2 : 1;
      out.push({ t: 'word', raw: q.slice(start, i), pos: start, end: i });
    }
  }
  return out;
}

/** A written value: escapes removed for `text`; wildcards kept in the store's syntax for `pattern`. */
function wordValue(raw: string, position: number): Value {
  let text = '';
  let pattern = '';
  let wild = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const c = raw[++i]!;
      text += c;
      pattern += c === '*' || c === '?' || c === '\\' ? '\\' + c : c;
    } else if (ch === '*' || ch === '?') {
      wild = true;
      text += ch;
      pattern += ch;
    } else {
      text += ch;
      pattern += ch === '\\' ? '\\\\' : ch;
    }
  }
  return wild ? { text, pattern, quoted: false, position } : { text, quoted: false, position };
}

/** Index of the first `:` not escaped by `\`, or -1. */
function firstColon(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === ':') return i;
  }
  return -1;
}

const keyword = (tok: Token | undefined, k: string): boolean => tok?.t === 'word' && tok.raw.toUpperCase() === k;
const isKeyword = (tok: Token | undefined): boolean => keyword(tok, 'AND') || keyword(tok, 'OR') || keyword(tok, 'NOT') || keyword(tok, 'TO');

class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;
  /** inside field:( … ): bare values are values of this field */
  private field: { name: string; position: number } | null = null;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) return { kind: 'all', position: 0 };
    const node = this.or();
    const extra = this.peek();
    if (extra) {
      throw syntax(
        extra.t === ')' ? `unmatched ')' at position ${extra.pos}; remove it or add a '(' before it` : `unexpected ${this.describe(extra)} at position ${extra.pos}`,
        extra.pos,
      );
    }
    return node;
  }

  private peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }

  private describe(tok: Token | undefined): string {
    if (!tok) return 'the end of the query';
    return tok.t === 'word' ? `'${tok.raw.length > 40 ? tok.raw.slice(0, 40) + '…' : tok.raw}'` : tok.t === 'quoted' ? 'a quoted value' : `'${tok.t}'`;
  }

  private enter(position: number): void {
    if (++this.depth > MAX_QUERY_DEPTH) {
      throw new SearchError('too_complex', `the query nests parentheses and NOTs deeper than ${MAX_QUERY_DEPTH} levels; simplify it`, position);
    }
  }

  private countTerm(position: number): void {
    if (++this.terms > MAX_QUERY_TERMS) throw new SearchError('too_complex', `the query has more than ${MAX_QUERY_TERMS} terms; split it into several searches`, position);
  }

  private or(): Node {
    const first = this.and();
    const items = [first];
    while (keyword(this.peek(), 'OR')) {
      const op = this.tokens[this.i++]!;
      if (!this.startsTerm(this.peek())) throw syntax(`OR at position ${op.pos} needs a term after it, found ${this.describe(this.peek())}`, this.peek()?.pos ?? this.length);
      items.push(this.and());
    }
    return items.length === 1 ? first : { kind: 'or', items, position: first.position };
  }

  private and(): Node {
    const first = this.not();
    const items = [first];
    for (;;) {
      const tok = this.peek();
      if (keyword(tok, 'AND')) {
        this.i++;
        if (!this.startsTerm(this.peek())) throw syntax(`AND at position ${tok!.pos} needs a term after it, found ${this.describe(this.peek())}`, this.peek()?.pos ?? this.length);
        items.push(this.not());
      } else if (this.startsTerm(tok)) {
        items.push(this.not()); // juxtaposition is AND
      } else break;
    }
    return items.length === 1 ? first : { kind: 'and', items, position: first.position };
  }

  /** Could this token begin a term (or a NOT)? */
  private startsTerm(tok: Token | undefined): boolean {
    if (!tok) return false;
    if (tok.t === 'word') return !keyword(tok, 'AND') && !keyword(tok, 'OR') && !keyword(tok, 'TO');
    return tok.t === '(' || tok.t === 'quoted' || (this.field !== null && (tok.t === '[' || tok.t === '{'));
  }

  private not(): Node {
    const tok = this.peek();
    if (tok?.t === 'word' && (keyword(tok, 'NOT') || tok.raw.startsWith('-'))) {
      this.enter(tok.pos);
      if (keyword(tok, 'NOT')) {
        this.i++;
        if (!this.startsTerm(this.peek())) throw syntax(`NOT at position ${tok.pos} needs a term after it, found ${this.describe(this.peek())}`, this.peek()?.pos ?? this.length);
      } else if (tok.raw === '-') {
        const next = this.peek(1);
        if (!next || next.pos !== tok.end || !this.startsTerm(next)) {
          throw syntax(`'-' at position ${tok.pos} negates the term right after it (no space: -field:value); to search for a '-', write \\- or "-"`, tok.pos);
        }
        this.i++;
      } else {
        // "-term": the rest of the word is the negated term
        this.tokens[this.i] = { t: 'word', raw: tok.raw.slice(1), pos: tok.pos + 1, end: tok.end };
      }
      const item = this.not();
      this.depth--;
      return { kind: 'not', item, position: tok.pos };
    }
    return this.atom();
  }

  private atom(): Node {
    const tok = this.peek();
    if (!tok) throw syntax('the query ends where a term was expected; complete it or remove the last operator', this.length);
    if (tok.t === '(') {
      this.enter(tok.pos);
      this.i++;
      if (this.peek()?.t === ')') throw syntax(`empty parentheses at position ${tok.pos}; put a term inside or remove them`, tok.pos);
      const node = this.or();
      if (this.peek()?.t !== ')') throw syntax(`the '(' at position ${tok.pos} is not closed; add a ')' (found ${this.describe(this.peek())})`, this.peek()?.pos ?? this.length);
      this.i++;
      this.depth--;
      return node;
    }
    if (tok.t === 'quoted') {
      this.i++;
      this.countTerm(tok.pos);
      const value: Value = { text: tok.text, quoted: true, position: tok.pos };
      return this.field ? { kind: 'match', field: this.field.name, value, position: tok.pos } : { kind: 'text', value, position: tok.pos };
    }
    if ((tok.t === '[' || tok.t === '{') && this.field) {
      this.countTerm(tok.pos);
      return this.range(this.field.name, tok.pos);
    }
    if (tok.t !== 'word') throw syntax(`unexpected ${this.describe(tok)} at position ${tok.pos}; expected a term such as field:value`, tok.pos);
    if (isKeyword(tok)) throw syntax(`expected a term at position ${tok.pos}, found the keyword ${tok.raw.toUpperCase()}; to search for the word, put it in quotes`, tok.pos);
    this.i++;
    this.countTerm(tok.pos);
    return this.term(tok.raw, tok.pos, tok.end);
  }

  private term(raw: string, pos: number, end: number): Node {
    if (this.field) {
      // inside field:( … ) every word is a value of that field, colons included (IPv6, times)
      if (raw === '*') return { kind: 'exists', field: this.field.name, position: pos };
      if (raw.endsWith(':') && firstColon(raw) === raw.length - 1 && this.peek()?.pos === end) {
        throw syntax(`'${raw}' at position ${pos} is inside ${this.field.name}'s parentheses; give values only there, or close them first`, pos);
      }
      return { kind: 'match', field: this.field.name, value: wordValue(raw, pos), position: pos };
    }
    const colon = firstColon(raw);
    const name = colon > 0 ? wordValue(raw.slice(0, colon), pos).text : '';
    if (colon <= 0 || !FIELD.test(name)) {
      // no field (or text that is not a field name, like 10.0.0.1:443): a bare value
      if (raw === '*') return { kind: 'all', position: pos };
      const value = wordValue(raw, pos);
      return { kind: 'text', value, position: pos };
    }
    if (name.startsWith('@') && name !== TYPE_FIELD) {
      throw new SearchError('unknown_field', `unknown field '${name}': only ${TYPE_FIELD} starts with @ (the observation type, e.g. @type:ssl)`, pos);
    }
    let rest = raw.slice(colon + 1);
    let at = pos + colon + 1;
    let op: CompareOp | undefined;
    for (const o of ['>=', '<=', '>', '<'] as const) {
      if (rest.startsWith(o)) {
        op = o;
        rest = rest.slice(o.length);
        at += o.length;
        break;
      }
    }
    if (rest === '') {
      const next = this.peek();
      const adjacent = next !== undefined && next.pos === end;
      if (adjacent && next.t === 'quoted') {
        this.i++;
        const value: Value = { text: next.text, quoted: true, position: next.pos };
        return op ? { kind: 'compare', field: name, op, value, position: pos } : { kind: 'match', field: name, value, position: pos };
      }
      if (adjacent && !op && (next.t === '[' || next.t === '{')) return this.range(name, next.pos);
      if (adjacent && !op && next.t === '(') return this.group(name, pos, next.pos);
      throw syntax(`'${name}:${op ?? ''}' needs a value right after it, with no space (e.g. ${name}:${op ?? ''}value, ${name}:"a value"${op ? '' : `, ${name}:[1 TO 5]`})`, at);
    }
    if (!op && rest === '*') return { kind: 'exists', field: name, position: pos };
    const value = wordValue(rest, at);
    return op ? { kind: 'compare', field: name, op, value, position: pos } : { kind: 'match', field: name, value, position: pos };
  }

  /** field:( values with AND/OR/NOT ): each bare value is a value of the field. */
  private group(name: string, pos: number, open: number): Node {
    this.field = { name, position: pos };
    this.enter(open);
    this.i++;
    if (this.peek()?.t === ')') throw syntax(`empty parentheses at position ${open}; put values inside, e.g. ${name}:(a OR b)`, open);
    const node = this.or();
    if (this.peek()?.t !== ')') throw syntax(`the '(' at position ${open} is not closed; add a ')' (found ${this.describe(this.peek())})`, this.peek()?.pos ?? this.length);
    this.i++;
    this.depth--;
    this.field = null;
    return node;
  }

  /** [a TO b] or {a TO b} (the brackets may be mixed); `*` is an open end. */
  private range(field: string, open: number): Node {
    const first = this.tokens[this.i++]!;
    const lower = this.bound(field);
    if (!keyword(this.peek(), 'TO')) throw syntax(`a range is written ${field}:[low TO high]; expected TO at position ${this.peek()?.pos ?? this.length}, found ${this.describe(this.peek())}`, this.peek()?.pos ?? this.length);
    this.i++;
    const upper = this.bound(field);
    const close = this.peek();
    if (close?.t !== ']' && close?.t !== '}') throw syntax(`the range opened at position ${open} is not closed; end it with ] (inclusive) or } (exclusive)`, close?.pos ?? this.length);
    this.i++;
    if (!lower && !upper) return { kind: 'exists', field, position: open };
    return { kind: 'range', field, lower, upper, lowerInclusive: first.t === '[', upperInclusive: close.t === ']', position: open };
  }

  private bound(field: string): Value | null {
    const tok = this.peek();
    if (tok?.t === 'quoted') {
      this.i++;
      return { text: tok.text, quoted: true, position: tok.pos };
    }
    if (tok?.t !== 'word' || keyword(tok, 'TO')) throw syntax(`a range of ${field} needs a value or * at position ${tok?.pos ?? this.length}, found ${this.describe(tok)}`, tok?.pos ?? this.length);
    this.i++;
    if (tok.raw === '*') return null;
    const v = wordValue(tok.raw, tok.pos);
    if (v.pattern !== undefined) throw new SearchError('bad_value', `range bounds are plain values, not wildcards ('${tok.raw}' at position ${tok.pos}); use * alone for an open end`, tok.pos);
    return v;
  }
}

/** Parses a query into its tree; throws SearchError (with the position) on anything else. */
export function parseQuery(q: unknown): Node {
  if (typeof q !== 'string') throw new SearchError('bad_value', 'the query must be text', 0);
  if (q.length > MAX_QUERY_LENGTH) {
    throw new SearchError('too_complex', `the query is ${q.length} characters long; the limit is ${MAX_QUERY_LENGTH}`, MAX_QUERY_LENGTH);
  }
  return new Parser(tokenize(q), q.length).parse();
}
