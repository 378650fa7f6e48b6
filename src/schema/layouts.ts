// The Zeek column layout of every observation type: how records are written as Zeek logs and read
// back from them (one definition for both directions).
import { WEIRD_LAYOUT } from './anomaly.js';
import { CONN_LAYOUT } from './conn.js';
import { EXTERNAL_ALERT_LAYOUT } from './external-alert.js';
import { PROTOCOL_LOG_LAYOUTS } from './logs/index.js';
import type { ObservationType } from './observation.js';
import type { ZeekField } from './zeek-layout.js';

export const ZEEK_LAYOUTS: Record<ObservationType, ZeekField[]> = {
  ...PROTOCOL_LOG_LAYOUTS,
  conn: CONN_LAYOUT,
  weird: WEIRD_LAYOUT,
  alert: EXTERNAL_ALERT_LAYOUT,
};
