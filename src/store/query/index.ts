// Advanced Search: the query language (parse → per-type store Conditions) and search, histogram,
// top values and export over a Store. See README.md for the language.
export type { CompareOp, Node as QueryNode, Value as QueryValue } from './ast.js';
export { SearchError, isSearchError, type SearchErrorCode } from './errors.js';
export { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseQuery } from './parse.js';
export { compileQuery, type TypeQuery } from './compile.js';
export {
  DEFAULT_BUCKETS,
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_TOP_K,
  MAX_BUCKETS,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_OFFSET,
  MAX_TOP_K,
  planSearch,
  search,
  searchHistogram,
  searchTop,
  type HistogramResult,
  type SearchQuery,
  type SearchResult,
  type SearchRow,
  type TimeRange,
  type TopResult,
} from './search.js';
export { DEFAULT_EXPORT_ROWS, MAX_EXPORT_ROWS, csvCell, searchExport, type ExportQuery } from './export.js';
