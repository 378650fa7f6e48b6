import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { frame, tcpSegment } from '../simulate/packet-builder.js';
import { pcapBytes } from '../simulate/pcap-writer.js';
import { looksChecksumOffloaded, runSensorOnCapture } from './run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from './sensor.js';

const client = { mac: '02:00:00:00:00:01', ip: '10.0.0.5' };
const server = { mac: '02:00:00:00:00:02', ip: '10.0.0.9' };

/** Two long TCP connections; with `offloaded`, every packet the client sent has a blank IP checksum. */
function capture(offloaded: boolean): string {
  const recs: { ts: number; frame: Buffer }[] = [];
  let ts = 1_700_000_000;
  for (const sport of [40001, 40002]) {
    const out = (flags: number, seq: number, ack: number, data?: Buffer) => {
      const f = frame(client, server, 6, tcpSegment(sport, 445, seq, ack, flags, data));
      if (offloaded) f.writeUInt16BE(0, 14 + 10); // the NIC would have filled it in
      recs.push({ ts: (ts += 0.001), frame: f });
    };
    const back = (flags: number, seq: number, ack: number) => recs.push({ ts: (ts += 0.001), frame: frame(server, client, 6, tcpSegment(445, sport, seq, ack, flags)) });
    out(0x02, 100, 0);
    back(0x12, 900, 101);
    let seq = 101;
    for (let i = 0; i < 40; i++) {
      out(0x18, seq, 901, Buffer.alloc(100, i));
      seq += 100;
      back(0x10, 901, seq);
    }
    out(0x11, seq, 901);
    back(0x11, 901, seq + 1);
    out(0x10, seq + 1, 902);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'mamori-offload-')), offloaded ? 'offloaded.pcap' : 'clean.pcap');
  writeFileSync(path, pcapBytes(recs));
  return path;
}

describe('checksum offload probe', () => {
  it('counts bad checksums per packet, IP headers included, and ignores them for an offloaded capture', async () => {
    const opts = { ...DEFAULT_SENSOR_OPTIONS, checksums: 'auto' as const };
    expect(await looksChecksumOffloaded(capture(false), opts)).toBe(false);
    const path = capture(true);
    // two connections carry 80+ bad packets: per connection the weird would say 2 in 170
    expect(await looksChecksumOffloaded(path, opts)).toBe(true);
    const conns: Observation[] = [];
    const run = await runSensorOnCapture(path, opts, (o) => o.type === 'conn' && conns.push(o));
    expect(run.checksumsIgnored).toBe(true);
    expect(conns).toHaveLength(2);
    for (const c of conns) expect(c.type === 'conn' && c.record.orig_bytes).toBe(4000);
  });
});
