import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointedLogWriter } from '../output/checkpointed-writer.js';
import type { Observation } from '../schema/observation.js';
import { parseServiceConfig } from './config.js';
import { DirectoryTailer } from './directory-tailer.js';
import { prometheusText } from './metrics.js';

const conn = (i: number) => JSON.stringify({ _path: 'conn', ts: 1700000000 + i, uid: `C${i}`, 'id.orig_h': '10.0.0.1', 'id.orig_p': 1000 + i, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF', missed_bytes: 0, orig_pkts: 1, orig_ip_bytes: 40, resp_pkts: 1, resp_ip_bytes: 40 });

function tailer(dir: string, saved = {}) {
  const got: Observation[] = [];
  const rejected: string[] = [];
  const t = new DirectoryTailer(dir, '\\.log(\\.gz)?$', saved, { observation: (o) => got.push(o), quarantine: () => undefined, rejected: (p) => rejected.push(p) });
  return { t, got, rejected };
}

describe('checkpointed writer', () => {
  it('drops what was written after the last checkpoint when reopened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-cw-'));
    const w = new CheckpointedLogWriter(dir);
    w.writeLine('conn', 'one');
    const lengths = w.checkpoint();
    w.writeLine('conn', 'two (never acknowledged)');
    w.close();
    expect(readFileSync(join(dir, 'conn.log'), 'utf8')).toBe('one\ntwo (never acknowledged)\n');
    const again = new CheckpointedLogWriter(dir, lengths);
    again.writeLine('conn', 'two');
    again.close();
    expect(readFileSync(join(dir, 'conn.log'), 'utf8')).toBe('one\ntwo\n');
  });
});

describe('directory tailer', () => {
  it('reads growing files by whole lines and resumes from saved offsets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-tail-'));
    writeFileSync(join(dir, 'conn.log'), conn(1) + '\n' + conn(2).slice(0, 10));
    const a = tailer(dir);
    a.t.poll();
    expect(a.got).toHaveLength(1);
    appendFileSync(join(dir, 'conn.log'), conn(2).slice(10) + '\n');
    a.t.poll();
    expect(a.got).toHaveLength(2);
    // a restart from the saved offsets reads only what is new
    appendFileSync(join(dir, 'conn.log'), conn(3) + '\n');
    const b = tailer(dir, a.t.offsets());
    b.t.poll();
    expect(b.got.map((o) => (o.record as { uid?: string }).uid)).toEqual(['C3']);
  });

  it('follows rotation: the old file under its new name, then the new file from the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-rot-'));
    writeFileSync(join(dir, 'conn.log'), conn(1) + '\n');
    const a = tailer(dir);
    a.t.poll();
    appendFileSync(join(dir, 'conn.log'), conn(2) + '\n');
    renameSync(join(dir, 'conn.log'), join(dir, 'conn.2026-11-23-19-00-00.log'));
    writeFileSync(join(dir, 'conn.log'), conn(3) + '\n');
    a.t.poll();
    expect(a.got.map((o) => (o.record as { uid?: string }).uid).sort()).toEqual(['C1', 'C2', 'C3']);
  });

  it('reads Suricata EVE files too, recognised by content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-eve-'));
    const flow = { timestamp: '2026-11-23T10:00:00.000000+0000', flow_id: 1234567, event_type: 'flow', src_ip: '10.0.0.1', src_port: 50000, dest_ip: '10.0.0.2', dest_port: 80, proto: 'TCP', flow: { pkts_toserver: 3, pkts_toclient: 2, bytes_toserver: 200, bytes_toclient: 150, start: '2026-11-23T10:00:00.000000+0000', end: '2026-11-23T10:00:01.000000+0000', state: 'closed' } };
    writeFileSync(join(dir, 'eve.log'), JSON.stringify(flow) + '\n');
    const a = tailer(dir);
    a.t.poll();
    expect(a.got.map((o) => o.type)).toEqual(['conn']);
  });

  it('rejects a file that is not a Zeek log without stopping the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-bad-'));
    writeFileSync(join(dir, 'junk.log'), Array.from({ length: 200 }, (_, i) => `not a log line ${i}`).join('\n') + '\n');
    writeFileSync(join(dir, 'conn.log'), conn(1) + '\n');
    const a = tailer(dir);
    a.t.poll();
    expect(a.rejected).toEqual([join(dir, 'junk.log')]);
    expect(a.got).toHaveLength(1);
  });
});

describe('service config', () => {
  it('says exactly what is wrong', () => {
    expect(() => parseServiceConfig('output: {}\nsources: []\n')).toThrow(/output\.dir.*\n.*state_dir.*\n.*sources: give at least one source/s);
    expect(() => parseServiceConfig('output: { dir: x }\nstate_dir: s\nsources:\n  - { type: netflow, listen: nowhere }\n')).toThrow(/sources\.0\.listen: must be host:port/);
    const ok = parseServiceConfig('output: { dir: x }\nstate_dir: s\nsources:\n  - { type: directory, path: /logs }\n');
    expect(ok.poll_ms).toBe(1000);
  });
});

describe('metrics', () => {
  it('exposes counters in Prometheus text format', () => {
    const text = prometheusText({ started: '', checkpoints: 3, lastCheckpoint: '', sources: [{ name: '/logs "a"', kind: 'directory', records: 10, quarantined: 1, lag: 5, drops: 0, rate: 2 }] });
    expect(text).toContain('mamori_records_total{source="/logs \\"a\\"",kind="directory"} 10');
    expect(text).toContain('# TYPE mamori_lag_bytes gauge');
    expect(text).toContain('mamori_checkpoints_total 3');
  });
});
