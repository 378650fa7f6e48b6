// The query language's typed error: a stable code for programs, the position in the query text (a
// 0-based character offset) for the UI to point at, and a message that says what to do.
import { MamoriError } from '../../schema/errors.js';

export type SearchErrorCode =
  /** the text does not follow the grammar (unbalanced parentheses, a dangling AND, …) */
  | 'search_syntax'
  /** a field no (selected) observation type has */
  | 'unknown_field'
  /** a value that does not fit its field (a word for a port, a bad date, an unknown type), or a bad argument */
  | 'bad_value'
  /** over a named limit: query length, nesting depth, number of terms */
  | 'too_complex';

export class SearchError extends MamoriError {
  declare readonly code: SearchErrorCode;
  /** where in the query the problem is (0-based character offset) */
  readonly position: number;
  constructor(code: SearchErrorCode, message: string, position: number, options?: { cause?: unknown }) {
    super(code, message, options);
    this.position = position;
  }
}

export function isSearchError(e: unknown, code?: SearchErrorCode): e is SearchError {
  return e instanceof SearchError && (code === undefined || e.code === code);
}
