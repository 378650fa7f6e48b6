// Every tunable of the learning stage, named in one place so a reviewer can see what "pattern of
// life" means in numbers, and the models stage can quote them in explanations. Times are seconds of
// EVENT time (the observations' ts), never the wall clock: a replay learns exactly what live did.

const HOUR = 3600;
const DAY = 24 * HOUR;

/** How fast old behaviour fades from the per-device volume and time-of-day baselines. */
export const DEVICE_HALF_LIFE = 14 * DAY;
/** Org-wide statistics (DNS entropy baseline) fade more slowly: the org changes slower than a device. */
export const ORG_HALF_LIFE = 30 * DAY;

/**
 * Rarity counts distinct devices over a trailing window kept as two generations of half the window
 * each, so "reached by" covers between WINDOW/2 and WINDOW of history (HLLs cannot forget a member).
 */
export const RARITY_WINDOW = 14 * DAY;
export const RARITY_GENERATION = RARITY_WINDOW / 2;
/** Exact device sets up to this size, a HyperLogLog beyond (keeps the long tail of endpoints small). */
export const EXACT_DISTINCT_MAX = 64;
/** HyperLogLog precision: 2^12 registers, ≈1.6 % standard error, 4 KiB per sketch. */
export const HLL_PRECISION = 12;

/** Caps on keyed state; beyond a cap the least recently seen tenth is evicted in one batch. */
export const MAX_RARITY_ITEMS_PER_KIND = 2_000_000;
export const MAX_FIRST_SEEN_ENTRIES = 4_000_000;
export const MAX_BEACON_PAIRS = 1_000_000;
export const MAX_DNS_DOMAINS = 500_000;
/** Eviction brings a map down to this fraction of its cap, so eviction runs rarely. */
export const EVICT_TO_FRACTION = 0.9;

/** Count-min sketch remembering evicted first-seen keys: depth × width cells. */
export const FIRST_SEEN_SKETCH_DEPTH = 4;
export const FIRST_SEEN_SKETCH_WIDTH = 1 << 16;

/** Peer groups are re-clustered once per this much event time (behaviour vectors move slowly). */
export const PEER_RECOMPUTE_INTERVAL = DAY;

/** Beacon analysis (after RITA): connection start times within a trailing day, at most this many. */
export const BEACON_WINDOW = DAY;
export const BEACON_MAX_SAMPLES = 128;
/** No beacon score before this many connections: too few intervals to say anything. */
export const BEACON_MIN_CONNS = 6;
/** The count sub-score reaches 1 at this many intervals. */
export const BEACON_FULL_INTERVALS = 20;
/** Relative MAD (MAD / median) at which a regularity sub-score reaches 0. */
export const BEACON_MAD_TOLERANCE = 0.5;
/** Coverage bins are at least this wide (or twice the median interval when that is longer). */
export const BEACON_COVERAGE_BIN = HOUR;
/** Score again when this fraction of the samples is new (amortises the sort). */
export const BEACON_RESCORE_FRACTION = 1 / 8;

/** Per-device distributions: samples in an hour-of-day slot before it is preferred over the device's overall hours. */
export const MIN_SLOT_SAMPLES = 3;
/** Distinct peers and ports per device-hour are counted exactly up to this, then saturate. */
export const MAX_DISTINCT_PER_HOUR = 1024;
/** Log-scale histograms: buckets per doubling, and buckets in all (covers up to 2^48 bytes). */
export const HIST_BUCKETS_PER_OCTAVE = 2;
export const HIST_BUCKETS = 1 + 48 * HIST_BUCKETS_PER_OCTAVE;

/** Confidence reaches 1 after this much event time of history (org or device). */
export const LEARNING_PERIOD = 7 * DAY;
/** Peer-group rarity is fully trusted when the device has this many peers (other group members). */
export const PEER_RARITY_FULL_CONFIDENCE_PEERS = 5;
/** Rarity needs this many active devices before it means much. */
export const RARITY_FULL_CONFIDENCE_DEVICES = 20;
/** A device's hourly baselines are fully trusted after this many active hours … */
export const FULL_CONFIDENCE_HOURS = 48;
/** … and a slot (an hour of day) after this many samples: a week of that hour. */
export const FULL_CONFIDENCE_SLOT_SAMPLES = 7;

/** A domain with this many distinct subdomains in a rarity window is unusual with no history at all. */
export const DNS_SUBDOMAINS_FULL_CONFIDENCE = 1000;

export const SECONDS_PER_HOUR = HOUR;
export const SECONDS_PER_DAY = DAY;
