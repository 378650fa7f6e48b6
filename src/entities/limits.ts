// Memory bounds. A busy site has ~36,000 devices and ~1,000,000 external endpoints a month; every
// per-entity list is capped and evicts its least recently seen member, so memory is bounded by
// these numbers whatever the traffic (a MAC-spoofing flood or a scan cannot grow the tables).

/** devices tracked; beyond it the least recently seen device is forgotten */
export const MAX_DEVICES = 100_000;
/** external endpoints tracked */
export const MAX_ENDPOINTS = 1_000_000;
/** users tracked */
export const MAX_USERS = 200_000;
/** local addresses with a binding history */
export const MAX_BOUND_IPS = 200_000;
/** MACs with address statistics (for gateway detection) */
export const MAX_MACS_TRACKED = 200_000;

/** addresses kept in one device's history */
export const MAX_IPS_PER_DEVICE = 16;
/** hostnames kept per device */
export const MAX_HOSTNAMES_PER_DEVICE = 8;
export const MAX_MACS_PER_DEVICE = 4;
/** credentials kept per device */
export const MAX_USERS_PER_DEVICE = 32;
/** holders remembered per address (older leases are forgotten) */
export const MAX_BINDINGS_PER_IP = 8;

export const MAX_HOSTNAMES_PER_ENDPOINT = 8;
export const MAX_NAMES_PER_USER = 8;
export const MAX_DEVICES_PER_USER = 32;

/** served ports tracked per device, and distinct clients counted per port (enough to say "many") */
export const MAX_SERVED_PORTS = 16;
export const MAX_CLIENTS_PER_PORT = 32;
/** external destinations with periodicity statistics per device */
export const MAX_DESTS_PER_DEVICE = 16;
/** distinct DNS names counted per device (diversity only needs a small count) */
export const MAX_DNS_NAMES_PER_DEVICE = 16;

/**
 * A MAC seen with this many distinct addresses that were not leased to it is a router: its frames
 * carry other hosts' traffic, so its MAC↔IP pairings say nothing about those hosts. A host with
 * several aliases stays well below it; the smallest simulated office gateway is above it.
 */
export const GATEWAY_MIN_IPS = 8;
