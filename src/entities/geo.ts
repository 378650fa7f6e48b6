// External endpoint enrichment (ASN, organisation, country) from MaxMind-format (.mmdb) databases
// the user provides (GeoLite2-ASN, GeoLite2-Country/City, or any database with the same fields).
//
// The resolver depends only on `GeoLookup`, so tests use a fake and sites may plug in any source.
// `openMmdbGeo` reads the files with the maintained `mmdb-lib` package (MaxMind's own reader core,
// no native code, no network). It is loaded on demand: it is not a dependency yet, and a missing
// package becomes a ConfigError saying what to install rather than a failure at startup for
// everyone who configures no database.
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../schema/errors.js';

export interface GeoInfo {
  asn?: number;
  org?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
}

export interface GeoLookup {
  /** What the databases say about an address; undefined when none of them knows it. Must not throw. */
  lookup(ip: string): GeoInfo | undefined;
}

/** The fields of a MaxMind ASN, Country or City record that Mamori keeps. */
export function geoFromRecord(rec: unknown): GeoInfo | undefined {
  if (!rec || typeof rec !== 'object') return undefined;
  const r = rec as Record<string, unknown>;
  const out: GeoInfo = {};
  if (typeof r.autonomous_system_number === 'number') out.asn = r.autonomous_system_number;
  if (typeof r.autonomous_system_organization === 'string') out.org = r.autonomous_system_organization;
  // The country the address is used in, else the one it is registered to (anycast, satellite).
  const iso = (k: string) => {
    const c = r[k];
    return c && typeof c === 'object' && typeof (c as Record<string, unknown>).iso_code === 'string' ? ((c as Record<string, unknown>).iso_code as string) : undefined;
  };
  const country = iso('country') ?? iso('registered_country');
  if (country) out.country = country;
  return Object.keys(out).length ? out : undefined;
}

/** Several databases as one lookup: the first to give a field wins (an ASN file plus a Country file). */
export function combineGeo(lookups: readonly GeoLookup[]): GeoLookup {
  return {
    lookup(ip) {
      let out: GeoInfo | undefined;
      for (const l of lookups) {
        const g = l.lookup(ip);
        if (!g) continue;
        out = { ...g, ...out };
      }
      return out;
    },
  };
}

interface MmdbReader {
  get(ip: string): unknown;
}

/** The `mmdb-lib` module: loaded by a computed name so type-checking does not require it to be installed. */
async function loadMmdbLib(): Promise<new (db: Buffer) => MmdbReader> {
  const name = 'mmdb-lib';
  try {
    const mod = (await import(name)) as { Reader?: new (db: Buffer) => MmdbReader; default?: { Reader?: new (db: Buffer) => MmdbReader } };
    const Reader = mod.Reader ?? mod.default?.Reader;
    if (!Reader) throw new Error('mmdb-lib has no Reader export');
    return Reader;
  } catch (cause) {
    throw new ConfigError('geo_reader_missing', 'reading .mmdb geo databases needs the "mmdb-lib" package: run `npm install mmdb-lib@^3`, or remove the geo database from the configuration', { cause });
  }
}

/** Opens .mmdb files (e.g. GeoLite2-ASN.mmdb and GeoLite2-Country.mmdb) as one GeoLookup. */
export async function openMmdbGeo(paths: readonly string[]): Promise<GeoLookup> {
  const Reader = await loadMmdbLib();
  const readers: GeoLookup[] = [];
  for (const path of paths) {
    let reader: MmdbReader;
    try {
      reader = new Reader(await readFile(path));
    } catch (cause) {
      throw new ConfigError('bad_geo_database', `geo database "${path}" could not be opened as a MaxMind .mmdb file: check the path and that it is an .mmdb (not .csv or .tar.gz)`, { cause });
    }
    readers.push({
      lookup(ip) {
        try {
          return geoFromRecord(reader.get(ip));
        } catch {
          return undefined; // an address the database cannot hold (IPv6 in an IPv4-only file)
        }
      },
    });
  }
  return combineGeo(readers);
}
