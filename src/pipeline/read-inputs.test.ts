import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { readInputs } from './read-inputs.js';

describe('reading a directory of logs', () => {
  it('skips one unusable Zeek log with its reason and reads the others', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mamori-inputs-')), 'zeek');
    mkdirSync(dir);
    const conn = { ts: 1700000000.5, uid: 'CAbc123', 'id.orig_h': '10.0.0.1', 'id.orig_p': 5000, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF', missed_bytes: 0, orig_pkts: 1, orig_ip_bytes: 40, resp_pkts: 1, resp_ip_bytes: 40 };
    writeFileSync(join(dir, 'a.log'), JSON.stringify({ _path: 'conn', ...conn }) + '\n');
    // a files.log whose every line is wrong for the schema (no uid, no id): the file's error budget stops it
    const bad = ['#separator \\x09', '#path\tfiles', '#fields\tts\tfuid\ttx_hosts', '#types\ttime\tstring\tset[addr]'];
    for (let i = 0; i < 300; i++) bad.push(`${1700000000 + i}\tF${i}\t10.0.0.${i % 250}`);
    writeFileSync(join(dir, 'b.log'), bad.join('\n') + '\n');
    writeFileSync(join(dir, 'c.log'), JSON.stringify({ _path: 'conn', ...conn, uid: 'CDef456' }) + '\n');
    const seen: Observation[] = [];
    const summary = await readInputs([dir], { onObservation: (o) => seen.push(o), onQuarantine: () => undefined });
    expect(seen.map((o) => (o.record as { uid: string }).uid)).toEqual(['CAbc123', 'CDef456']);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]).toMatch(/b\.log \(/);
    // named on its own, the same file is an error that says what is wrong
    await expect(readInputs([join(dir, 'b.log')], { onObservation: () => undefined, onQuarantine: () => undefined })).rejects.toThrow(/b\.log/);
  });
});
