// The Metric record the models stage consumes: a number, what it was compared with, how much history
// backs it, and one English line saying so. Names are stable identifiers: models refer to them.

/** Every metric the learning stage computes (models name them; the loader checks the names). */
export const METRIC_NAMES = [
  'dest_first_seen_age_days',
  'dest_history_share',
  'new_external_port_for_device',
  'dest_ip_rarity',
  'peer_group_dest_rarity',
  'org_dest_first_seen_age_days',
  'device_bytes_out_zscore_hour',
  'device_bytes_in_zscore_hour',
  'device_connections_per_hour_zscore',
  'device_ports_per_hour_zscore',
  'device_internal_peers_per_hour_zscore',
  'device_bytes_out_percentile',
  'device_hour_of_week_share',
  'beacon_score',
  'beacon_timing_regularity',
  'beacon_size_regularity',
  'beacon_coverage',
  'beacon_connection_count',
  'dest_host_rarity',
  'dest_host_first_seen_age_days',
  'org_dest_host_first_seen_age_days',
  'dns_label_entropy',
  'dns_subdomain_count',
  'ja3_rarity',
  'ja4_rarity',
  'user_agent_rarity',
  'credential_first_seen_age_days',
  'new_credential_for_device',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** What a value was compared with: named numbers (snake_case) and a short English rendering. */
export interface Baseline {
  text: string;
  [field: string]: number | string;
}

export interface Metric {
  name: MetricName;
  value: number;
  baseline: Baseline;
  /** 0..1: grows with days of history and samples, so a new deployment does not alert on everything */
  confidence: number;
  explanation: string;
}
