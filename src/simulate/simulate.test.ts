import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from './simulate.js';

const START = Date.parse('2026-11-03T00:00:00Z') / 1000; // a Tuesday

describe('traffic simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-sim-'));
  const spec = { devices: 10, days: 1, seed: 42, attacks: ['beacon', 'scan', 'dns-tunnel', 'brute-force', 'lateral-movement', 'kerberoast'] as const, start: START };

  it('is deterministic for a seed, and the sensor decodes it with no anomalies', async () => {
    const a = simulate({ ...spec, attacks: [...spec.attacks] }, join(dir, 'a.pcap'));
    simulate({ ...spec, attacks: [...spec.attacks] }, join(dir, 'b.pcap'));
    const hash = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(hash('a.pcap')).toBe(hash('b.pcap'));
    expect(a.labels.map((l) => l.attack)).toEqual([...spec.attacks]);

    const obs: Observation[] = [];
    await runSensorOnCapture(join(dir, 'a.pcap'), DEFAULT_SENSOR_OPTIONS, (o) => obs.push(o));
    const weirds = obs.filter((o) => o.type === 'weird');
    expect(weirds.map((w) => w.record)).toEqual([]);

    const conns = obs.flatMap((o) => (o.type === 'conn' ? [o.record] : []));
    const beacon = a.labels.find((l) => l.attack === 'beacon')!;
    const toC2 = conns.filter((c) => c.id.resp_h === beacon.peer);
    // one TLS session a minute from 06:00 to midnight
    expect(toC2.length).toBeGreaterThan(1000);
    expect(toC2.every((c) => c.service === 'ssl' && c.conn_state === 'SF')).toBe(true);
    const ssl = obs.flatMap((o) => (o.type === 'ssl' ? [o.record] : []));
    expect(ssl.some((s) => s.server_name === 'cdn-update.kz-sync.example' && s.validation_status === 'self signed certificate')).toBe(true);

    const scan = a.labels.find((l) => l.attack === 'scan')!;
    const scanned = conns.filter((c) => c.id.orig_h === scan.device && c.ts >= scan.start && c.ts <= scan.end);
    expect(scanned.filter((c) => c.conn_state === 'REJ').length).toBeGreaterThan(20);
    expect(scanned.filter((c) => c.conn_state === 'S0').length).toBeGreaterThan(300);

    const dns = obs.flatMap((o) => (o.type === 'dns' ? [o.record] : []));
    expect(dns.filter((d) => d.query?.endsWith('.t.exfil-dns.example') && d.qtype_name === 'TXT').length).toBe(1500);

    const ssh = obs.flatMap((o) => (o.type === 'ssh' ? [o.record] : []));
    expect(ssh.length).toBe(250);
    expect(ssh.every((s) => s.auth_success !== true)).toBe(true);

    const dhcp = obs.flatMap((o) => (o.type === 'dhcp' ? [o.record] : []));
    expect(dhcp.length).toBeGreaterThan(0);
    expect(dhcp[0]!.msg_types).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);

    // Windows business: every workstation logs on (AS then TGS for cifs and ldap) and maps the share.
    const krb = obs.flatMap((o) => (o.type === 'kerberos' ? [o.record] : []));
    const workstations = new Set(dhcp.map((d) => d.assigned_addr));
    const as = krb.filter((k) => k.request_type === 'AS');
    expect(new Set(as.map((k) => k.id.orig_h))).toEqual(workstations);
    expect(as.every((k) => k.success === true && k.cipher === 'aes256-cts-hmac-sha1-96' && k.service === 'krbtgt/CORP.EXAMPLE' && /^[a-z]+\.[a-z]+\/CORP\.EXAMPLE$/.test(k.client ?? ''))).toBe(true);
    const tgs = krb.filter((k) => k.request_type === 'TGS');
    for (const service of ['cifs/files01.corp.example', 'ldap/dc01.corp.example']) {
      const got = tgs.filter((k) => k.service === service);
      expect(new Set(got.map((k) => k.id.orig_h))).toEqual(workstations);
      expect(got.every((k) => k.success === true && k.cipher === 'aes256-cts-hmac-sha1-96')).toBe(true);
    }
    // the file share is mapped with Kerberos (AP-REQ in SPNEGO) and documents are read
    expect(krb.some((k) => k.request_type === 'AP' && k.service === 'cifs/files01.corp.example' && k.id.resp_h === '10.20.0.20')).toBe(true);
    const mappings = obs.flatMap((o) => (o.type === 'smb_mapping' ? [o.record] : []));
    const share = mappings.filter((m) => m.path === '\\\\files01\\share' && m.share_type === 'DISK');
    expect(new Set(share.map((m) => m.id.orig_h))).toEqual(workstations);
    const files = obs.flatMap((o) => (o.type === 'files' ? [o.record] : []));
    const docs = files.filter((f) => f.source === 'SMB' && f.is_orig === false);
    expect(docs.length).toBeGreaterThan(10);
    expect(new Set(docs.map((f) => f.mime_type))).toEqual(new Set(['application/pdf', 'application/zip', 'text/plain']));
    expect(docs.every((f) => f.seen_bytes === f.total_bytes && f.missing_bytes === 0 && f.sha256)).toBe(true);

    // Kerberoasting: TGS for service accounts' SPNs, answered with RC4 tickets.
    const roast = a.labels.find((l) => l.attack === 'kerberoast')!;
    const roasted = tgs.filter((k) => k.id.orig_h === roast.device && k.cipher === 'rc4-hmac');
    expect(roasted.map((k) => k.service)).toContain('MSSQLSvc/db01.corp.example:1433');
    expect(roasted.map((k) => k.service)).toContain('HTTP/intranet.corp.example');
    expect(roasted.length).toBeGreaterThanOrEqual(5);
    expect(roasted.every((k) => k.success === true && k.ts >= roast.start && k.ts <= roast.end)).toBe(true);
    expect(tgs.filter((k) => k.cipher === 'rc4-hmac').length).toBe(roasted.length);

    // Lateral movement: NTLM as svc_backup, the service binary to ADMIN$, svcctl over IPC$.
    const lateral = a.labels.find((l) => l.attack === 'lateral-movement')!;
    expect(lateral.mitre).toBe('T1021.002,T1569.002');
    const targets = lateral.peer.split(',');
    expect(targets.length).toBe(3);
    expect(lateral.end - lateral.start).toBeLessThan(600);
    const ntlm = obs.flatMap((o) => (o.type === 'ntlm' ? [o.record] : []));
    for (const target of targets) {
      const from = (r: { id: { orig_h: string; resp_h: string } }) => r.id.orig_h === lateral.device && r.id.resp_h === target;
      expect(ntlm.filter(from).map((n) => [n.username, n.domainname, n.success])).toEqual([['svc_backup', 'CORP', true]]);
      expect(mappings.filter(from).map((m) => [m.path?.split('\\').pop(), m.share_type])).toEqual([['ADMIN$', 'DISK'], ['IPC$', 'PIPE']]);
      const smbFiles = obs.flatMap((o) => (o.type === 'smb_files' && from(o.record) ? [o.record] : []));
      expect(smbFiles.map((f) => [f.action, f.name])).toEqual([['SMB::FILE_OPEN', 'PSEXESVC.exe']]);
      const exe = files.filter((f) => from(f) && f.filename === 'PSEXESVC.exe');
      expect(exe.map((f) => [f.mime_type, f.is_orig, f.source])).toEqual([['application/x-dosexec', true, 'SMB']]);
      expect(exe[0]!.seen_bytes).toBeGreaterThan(4000);
      const rpc = obs.flatMap((o) => (o.type === 'dce_rpc' && from(o.record) ? [o.record] : []));
      expect(rpc.every((c) => c.endpoint === 'svcctl' && c.named_pipe === '\\PIPE\\svcctl')).toBe(true);
      expect(rpc.map((c) => c.operation)).toEqual(['OpenSCManagerW', 'CreateServiceW', 'StartServiceW', 'CloseServiceHandle', 'CloseServiceHandle']);
    }
    // nobody else uses NTLM or touches admin shares
    expect(ntlm.length).toBe(3);
    expect(mappings.filter((m) => m.path?.endsWith('$')).length).toBe(6);
  }, 120_000);
});
