// The live pipeline's status as the server is told it (sources, rates, lag, drops, state), and the
// default when nothing runs beside the API.
export interface SourceStatus {
  name: string;
  kind: string;
  records: number;
  /** records per second, recently */
  rate: number;
  /** seconds between the newest record's event time and now */
  lag_s: number;
  drops: number;
  last_error?: string;
}

export interface StatusSnapshot {
  sources: SourceStatus[];
  pipeline: { state: 'idle' | 'loading' | 'live'; progress?: number; message?: string };
}

export const IDLE: StatusSnapshot = { sources: [], pipeline: { state: 'idle' } };
