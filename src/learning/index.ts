// The learning stage's public API: the pattern of life, its metrics and persistence, and the
// statistics primitives (usable on their own, e.g. by peer-group code).
export { PatternOfLife, RARITY_KINDS, FIRST_SEEN_KINDS, type ObserveContext, type PatternOfLifeOptions, type ReplayPosition, type RarityKind, type FirstSeenKind } from './pattern-of-life.js';
export { metrics, METRIC_NAMES, type Metric, type MetricName, type Baseline } from './metrics.js';
export { LearningStateError, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type PatternOfLifeSnapshot, type LearningStateErrorCode } from './snapshot.js';
export { DecayedCounter, decayFactor } from './decay.js';
export { DecayedMoments } from './decayed-moments.js';
export { LogHistogram } from './log-histogram.js';
export { TimeProfile, hourOfWeek } from './time-profile.js';
export { FirstSeenRegistry } from './first-seen.js';
export { HyperLogLog } from './hyperloglog.js';
export { WindowedDistinct } from './windowed-distinct.js';
export { scoreBeacon, type BeaconScore } from './beacon-score.js';
export { splitName, labelEntropy } from './domain.js';
export * as parameters from './parameters.js';
export { PeerGroups, type PeerGroupsOptions, type PeerGroupMembership, type PeerGroupInfo, type PeerGroupsSnapshot } from './peer-groups.js';
export { PeerActivity, peerFeatures, serviceBucket, FEATURE_NAMES, SERVICE_BUCKETS, type PeerFeatures, type PeerConnection, type DeviceActivity } from './peer-features.js';
export { gunzipJson, gzipJson } from './persistence.js';
