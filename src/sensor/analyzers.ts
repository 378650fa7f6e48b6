// The built-in protocol analyzers, in the order detection tries them. Each lives in its own folder
// (src/sensor/<protocol>/) with pure parse functions in parse.ts and its analyzer in analyzer.ts.
import type { AnalyzerSet } from './app/dispatcher.js';

export const BUILTIN_ANALYZERS: AnalyzerSet = {
  stream: [],
  datagram: [],
};

/** No protocol analysis: connection tracking alone (benchmarks, `--no-analyzers`). */
export const NO_ANALYZERS: AnalyzerSet = { stream: [], datagram: [] };
