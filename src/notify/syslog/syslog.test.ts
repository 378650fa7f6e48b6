// Syslog: RFC 5424 header and structured data, CEF escaping and severity, octet-counting framing,
// UDP datagram limits, and the bytes a local UDP/TCP/TLS listener receives.
import { afterEach, describe, expect, it } from 'vitest';
import { alertView } from '../alert-view.js';
import { hostileIncident, sampleBreach, sampleIncident } from '../contract/fixtures.js';
import { LOOPBACK, OctetCountingReader, SyslogReceiver } from '../contract/receivers.js';
import { TEST_CERT, TEST_KEY } from '../contract/tls-fixture.js';
import { breachNotification, incidentNotification, testNotification } from '../notification.js';
import type { Notification } from '../types.js';
import { cefHeader, cefValue, formatCef } from './cef.js';
import { formatSyslog, headerField, sdValue, type SyslogFormatOptions } from './rfc5424.js';
import { SyslogNotifier } from './syslog-notifier.js';
import { cutUtf8, octetFrame } from './transport.js';

const FORMAT: SyslogFormatOptions = { facility: 4, hostname: 'sensor-1', appName: 'mamori', procId: '42', format: 'rfc5424', enterpriseId: 32473, version: '0.1.0' };
const CREATED = 1_795_000_100;
const render = (n: Notification, o: Partial<SyslogFormatOptions> = {}) => formatSyslog(n, alertView(n, { language: 'en' }), { ...FORMAT, ...o });

/** RFC 5424 SYSLOG-MSG with one SD-ELEMENT: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[mamori@32473(?: [^ =\]"]+="(?:[^"\\\]]|\\["\\\]])*")+\]) ([\s\S]*)$/;

describe('RFC 5424', () => {
  it('writes the header, structured data and a BOM-marked UTF-8 message', () => {
    const m = RFC5424.exec(render(incidentNotification(sampleIncident(), CREATED)));
    expect(m).not.toBeNull();
    const [, pri, ts, host, app, proc, msgid, sd, msg] = m!;
    expect(Number(pri)).toBe(4 * 8 + 2); // security/authorization, critical (level 3)
    expect(ts).toBe('2026-11-18T11:08:20.000Z');
    expect([host, app, proc, msgid]).toEqual(['sensor-1', 'mamori', '42', 'incident']);
    expect(sd).toContain('id="incident/inc-0001/level-3"');
    expect(sd).toContain('score="92"');
    expect(sd).toContain('phases="command-and-control,exfiltration"');
    expect(msg!.startsWith('\uFEFF[Mamori][URGENT] Likely command and control')).toBe(true);
  });

  it('maps levels to severities', () => {
    const sev = (level: 0 | 1 | 2 | 3) => Number(/^<(\d+)>/.exec(render({ ...incidentNotification(sampleIncident({ level }), CREATED) }, { facility: 16 }))![1]) - 16 * 8;
    expect([sev(3), sev(2), sev(1), sev(0)]).toEqual([2, 4, 5, 6]);
  });

  it('escapes structured data values and keeps header fields printable ASCII', () => {
    expect(sdValue('a"b\\c]d\r\ne')).toBe('a\\"b\\\\c\\]d e');
    expect(headerField('host name\u00e9', 255)).toBe('host_name_');
    expect(headerField('', 48)).toBe('-');
    expect(headerField('x'.repeat(300), 255)).toHaveLength(255);
    const line = render(incidentNotification(hostileIncident(), CREATED));
    expect(line).not.toMatch(/[\r\n]/);
    expect(RFC5424.test(line)).toBe(true);
  });

  it('writes breaches and system events too', () => {
    expect(render(breachNotification(sampleBreach(), { created: CREATED }))).toMatch(/ breach \[mamori@32473 .*model="c2\/beacon-regular".*score="84"/);
    expect(render(testNotification(CREATED))).toMatch(/^<38>1 .* system \[mamori@32473 .*code="test"/);
  });
});

describe('CEF', () => {
  it('escapes header and extension values as the CEF specification says', () => {
    expect(cefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(cefValue('a=b\\c|d\r\ne\rf')).toBe('a\\=b\\\\c|d\\ne\\rf');
  });

  it('formats an incident with severity from its level and the usual extension keys', () => {
    const n = incidentNotification(sampleIncident(), CREATED);
    const cef = formatCef(n, alertView(n, { language: 'en' }), '0.1.0');
    expect(cef.startsWith('CEF:0|Mamori|Mamori NDR|0.1.0|incident-level-3|Likely command and control from pc-sales-07, then data sent out|10|')).toBe(true);
    expect(cef).toContain('rt=1795000000000');
    expect(cef).toContain('src=10.1.20.57 shost=pc-sales-07 dst=203.0.113.9 dhost=cdn-update.example dpt=443');
    expect(cef).toContain('cn1=92 cn1Label=score');
    expect(cef).toContain('externalId=incident/inc-0001/level-3');
    const sev = (level: 0 | 1 | 2 | 3) => formatCef({ ...n, level }, alertView({ ...n, level }, { language: 'en' }), '1').split('|')[6];
    expect([sev(3), sev(2), sev(1), sev(0)]).toEqual(['10', '7', '4', '1']);
  });

  it('keeps hostile values inside their fields', () => {
    const n = incidentNotification(hostileIncident(), CREATED);
    const cef = formatCef(n, alertView(n, { language: 'en' }), '0.1.0');
    expect(cef).not.toMatch(/[\r\n]/);
    // the header is the text up to the seventh unescaped pipe; the extension may hold plain pipes
    const parts: string[] = [''];
    for (let i = 0; i < cef.length; i++) {
      if (parts.length < 8 && cef[i] === '\\') parts[parts.length - 1] += cef[i]! + cef[++i]!;
      else if (parts.length < 8 && cef[i] === '|') parts.push('');
      else parts[parts.length - 1] += cef[i]!;
    }
    expect(parts.slice(0, 7)).toEqual(['CEF:0', 'Mamori', 'Mamori NDR', '0.1.0', 'incident-level-3', expect.stringContaining('\\|'), '10']);
    // every extension key is a plain word followed by an unescaped '='
    const keys = [...parts[7]!.matchAll(/(?:^| )([A-Za-z0-9]+)=/g)].map((x) => x[1]);
    expect(keys).toEqual(['rt', 'externalId', 'cat', 'msg', 'src', 'shost', 'dst', 'dhost', 'dpt', 'cn1', 'cn1Label', 'cs1', 'cs1Label', 'cs2', 'cs2Label', 'cs3', 'cs3Label', 'cs4', 'cs4Label', 'cnt', 'start', 'end']);
    expect(parts[7]).toContain('shost=<img src\\=x onerror\\=alert(1)>"|\\\\\\=\\nBcc: victim@evil.example\\n\\n]');
  });
});

describe('framing', () => {
  it('octet-counts bytes, not characters', () => {
    expect(octetFrame('検知').toString('utf8')).toBe('6 検知');
    const got: string[] = [];
    const r = new OctetCountingReader((m) => got.push(m));
    const both = Buffer.concat([octetFrame('a b'), octetFrame('検知 x')]);
    r.push(both.subarray(0, 5));
    r.push(both.subarray(5));
    expect(got).toEqual(['a b', '検知 x']);
  });

  it('cuts a datagram on a UTF-8 character boundary', () => {
    expect(cutUtf8(Buffer.from('ab検'), 4).toString('utf8')).toBe('ab');
    expect(cutUtf8(Buffer.from('ab検'), 3).toString('utf8')).toBe('ab');
    expect(cutUtf8(Buffer.from('ab検'), 5).toString('utf8')).toBe('ab検');
  });
});

describe('over the network', () => {
  const open: { r: SyslogReceiver; n: SyslogNotifier }[] = [];
  afterEach(async () => {
    for (const { r, n } of open.splice(0)) {
      await n.close();
      await r.stop();
    }
  });
  async function pair(protocol: 'udp' | 'tcp' | 'tls', format: 'rfc5424' | 'cef', maxDatagram?: number) {
    const r = await new SyslogReceiver(protocol).start();
    const n = new SyslogNotifier({ name: 's', protocol, host: LOOPBACK, port: r.port, format, language: 'ja', hostname: 'sensor-1', maxDatagram, tls: { ca: TEST_CERT, servername: 'localhost' } });
    open.push({ r, n });
    return { r, n };
  }

  for (const protocol of ['udp', 'tcp', 'tls'] as const) {
    it(`a ${protocol} listener receives exactly what was rendered`, async () => {
      const { r, n } = await pair(protocol, 'rfc5424');
      const msgs = [incidentNotification(sampleIncident(), CREATED), breachNotification(sampleBreach(), { created: CREATED })];
      for (const m of msgs) expect(await n.send(m)).toMatchObject({ ok: true });
      const got = await r.waitFor(2);
      expect(got.map((g) => g.raw).sort()).toEqual(msgs.map((m) => n.render(m)).sort());
      expect(got.every((g) => g.framed)).toBe(true);
      expect(got[0]!.raw).toContain('【Mamori】【緊急】');
    });
  }

  it('sends CEF as the message of an RFC 5424 record', async () => {
    const { r, n } = await pair('tcp', 'cef');
    await n.send(incidentNotification(sampleIncident(), CREATED));
    const [got] = await r.waitFor(1);
    expect(got!.raw).toMatch(/^<34>1 \S+ sensor-1 mamori \d+ incident \[mamori@32473 [^\n]*\] CEF:0\|Mamori\|Mamori NDR\|/);
  });

  it('authenticates with a client certificate when the collector asks for one (mutual TLS)', async () => {
    const r = await new SyslogReceiver('tls', true).start();
    const anonymous = new SyslogNotifier({ name: 's', protocol: 'tls', host: LOOPBACK, port: r.port, format: 'rfc5424', language: 'en', timeoutMs: 2000, tls: { ca: TEST_CERT, servername: 'localhost' } });
    const client = new SyslogNotifier({ name: 's', protocol: 'tls', host: LOOPBACK, port: r.port, format: 'rfc5424', language: 'en', timeoutMs: 2000, tls: { ca: TEST_CERT, cert: TEST_CERT, key: TEST_KEY, servername: 'localhost' } });
    open.push({ r, n: anonymous }, { r, n: client });
    expect(await client.send(incidentNotification(sampleIncident(), CREATED))).toMatchObject({ ok: true });
    await r.waitFor(1);
    // without a certificate the collector drops the connection; TLS 1.3 may only tell at the next write
    const first = await anonymous.send(incidentNotification(sampleIncident({ id: 'x' }), CREATED));
    const second = first.ok ? await anonymous.send(incidentNotification(sampleIncident({ id: 'y' }), CREATED)) : first;
    expect(second.ok).toBe(false);
    await new Promise((res) => setTimeout(res, 50));
    expect(r.messages).toHaveLength(1);
  });

  it('keeps UDP datagrams within max_datagram', async () => {
    const { r, n } = await pair('udp', 'rfc5424', 480);
    await n.send(incidentNotification(sampleIncident(), CREATED));
    const [got] = await r.waitFor(1);
    expect(Buffer.byteLength(got!.raw)).toBeLessThanOrEqual(480);
    expect(got!.raw).not.toContain('\uFFFD');
  });
});
