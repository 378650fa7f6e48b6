// The parsed form of an Advanced Search query: what the user wrote, before any field is checked
// against a type. compile.ts turns it into one store Condition per observation type.

/** A value as written. `pattern` is set only when the value has unescaped `*` or `?` wildcards. */
export interface Value {
  /** the text with escapes removed (what a number, a date or an exact match is read from) */
  text: string;
  /** the store's wildcard syntax (`*`, `?`, `\` escapes) when the value has wildcards */
  pattern?: string;
  quoted: boolean;
  /** 0-based character offset in the query */
  position: number;
}

export type CompareOp = '>' | '>=' | '<' | '<=';

export type Node =
  | { kind: 'and' | 'or'; items: Node[]; position: number }
  | { kind: 'not'; item: Node; position: number }
  /** `*` alone, or an empty query: every record */
  | { kind: 'all'; position: number }
  /** field:value (exact, wildcard, CIDR or date, depending on the field) */
  | { kind: 'match'; field: string; value: Value; position: number }
  /** field:>value */
  | { kind: 'compare'; field: string; op: CompareOp; value: Value; position: number }
  /** field:[a TO b] (inclusive) or field:{a TO b} (exclusive); a null bound is open (`*`) */
  | { kind: 'range'; field: string; lower: Value | null; upper: Value | null; lowerInclusive: boolean; upperInclusive: boolean; position: number }
  /** field:* */
  | { kind: 'exists'; field: string; position: number }
  /** a bare value: free text over the type's text fields */
  | { kind: 'text'; value: Value; position: number };

/** The pseudo-field that chooses observation types. */
export const TYPE_FIELD = '@type';
