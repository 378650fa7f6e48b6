import { describe, expect, it } from 'vitest';
import { combineGeo, geoFromRecord, openMmdbGeo, type GeoLookup } from './geo.js';
import { EntityResolver } from './resolver.js';
import { conn } from './fixtures.test-util.js';

describe('geo enrichment', () => {
  it('reads the fields of MaxMind ASN and Country records', () => {
    expect(geoFromRecord({ autonomous_system_number: 64500, autonomous_system_organization: 'Example Net' })).toEqual({ asn: 64500, org: 'Example Net' });
    expect(geoFromRecord({ country: { iso_code: 'JP', names: { en: 'Japan' } } })).toEqual({ country: 'JP' });
    expect(geoFromRecord({ registered_country: { iso_code: 'US' } })).toEqual({ country: 'US' });
    expect(geoFromRecord(null)).toBeUndefined();
    expect(geoFromRecord({ city: {} })).toBeUndefined();
  });

  it('combines databases, first answer per field winning', () => {
    const asn: GeoLookup = { lookup: (ip) => (ip.startsWith('198.') ? { asn: 64500, org: 'Example Net' } : undefined) };
    const country: GeoLookup = { lookup: () => ({ country: 'NL', org: 'ignored' }) };
    expect(combineGeo([asn, country]).lookup('198.51.100.1')).toEqual({ asn: 64500, org: 'Example Net', country: 'NL' });
    expect(combineGeo([asn, country]).lookup('203.0.113.1')).toEqual({ country: 'NL', org: 'ignored' });
  });

  it('enriches external endpoints once, when first seen', () => {
    let calls = 0;
    const geo: GeoLookup = { lookup: () => (calls++, { asn: 64500, org: 'Example Net', country: 'NL' }) };
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'], geo });
    r.observe(conn(1, '10.0.1.1', '198.51.100.9', 443));
    r.observe(conn(2, '10.0.1.1', '198.51.100.9', 443));
    expect(r.endpointFor('198.51.100.9')).toMatchObject({ asn: 64500, org: 'Example Net', country: 'NL', first_seen: 1, last_seen: 2 });
    expect(calls).toBe(1);
  });

  it('says what to install when the mmdb reader is missing, or which file is bad', async () => {
    await expect(openMmdbGeo(['/nonexistent.mmdb'])).rejects.toMatchObject({ code: expect.stringMatching(/^(geo_reader_missing|bad_geo_database)$/) });
  });
});
