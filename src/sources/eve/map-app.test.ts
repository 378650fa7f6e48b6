import { describe, expect, it } from 'vitest';
import { zeekDn } from './map-tls.js';
import { runEve } from './test-support.js';
import { flowUid } from './uid.js';

const TS = '2024-05-01T10:00:00.500000+0000';
const T = 1714557600.5;
const web = { timestamp: TS, flow_id: 11, src_ip: '192.168.1.10', src_port: 51000, dest_ip: '203.0.113.5', dest_port: 80, proto: 'TCP' };
const WEB_ID = { orig_h: '192.168.1.10', orig_p: 51000, resp_h: '203.0.113.5', resp_p: 80 };
const UID = flowUid(11);

describe('http', () => {
  it('maps a transaction to Zeek http.log fields', async () => {
    const { of } = await runEve([{
      ...web, event_type: 'http', tx_id: 0,
      http: { hostname: 'www.example.com', http_port: 8080, url: '/download.exe?x=1', http_user_agent: 'curl/8.0', http_content_type: 'application/octet-stream; charset=binary', http_refer: 'http://a.example/', http_method: 'GET', protocol: 'HTTP/1.1', status: 200, length: 12345 },
    }]);
    expect(of('http')).toEqual([{
      ts: T, uid: UID, id: WEB_ID, trans_depth: 1, method: 'GET', host: 'www.example.com:8080', uri: '/download.exe?x=1', referrer: 'http://a.example/', version: '1.1',
      user_agent: 'curl/8.0', response_body_len: 12345, status_code: 200, resp_mime_types: ['application/octet-stream'],
    }]);
  });

  it('reads HTTP/2 and string status codes', async () => {
    const { of } = await runEve([{ ...web, event_type: 'http', tx_id: 2, http: { hostname: 'h2.example', url: '/', status: '404', http2: { stream_id: 1 } } }]);
    expect(of('http')[0]).toMatchObject({ version: '2', status_code: 404, trans_depth: 3, host: 'h2.example' });
  });
});

describe('tls', () => {
  const tls = {
    ...web, dest_port: 443, event_type: 'tls',
    tls: {
      subject: 'C=US, ST=California, L=San Francisco, O=GitHub, Inc., CN=www.github.com',
      issuerdn: 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert SHA2 High Assurance Server CA',
      serial: '08:3A:84:59:2F:77:F2:E7:95:1B:F8:87:CE:DE:C9:66',
      fingerprint: 'CC:AA:48:48:66:46:0e:91:53:2c:9c:7c:23:2a:b1:74:4d:29:9d:33',
      sni: 'github.com', version: 'TLS 1.2', notbefore: '2017-03-23T00:00:00', notafter: '2020-05-13T12:00:00',
      ja3: { hash: 'e7d705a3286e19ea42f587b344ee6865', string: '771,…' }, ja3s: { hash: 'ec74a5c51106f0419184d0dd08fb05bc', string: '771,…' },
      ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1', server_alpns: ['h2'], session_resumed: false,
    },
  };

  it('maps the handshake to ssl and the certificate to x509, logged once per fingerprint', async () => {
    const { of } = await runEve([tls, { ...tls, flow_id: 12, timestamp: '2024-05-01T10:00:01.000000+0000' }]);
    const fp = 'ccaa484866460e91532c9c7c232ab1744d299d33';
    expect(of('ssl')[0]).toEqual({
      ts: T, uid: UID, id: { ...WEB_ID, resp_p: 443 }, version: 'TLSv12', server_name: 'github.com', resumed: false, next_protocol: 'h2',
      cert_chain_fps: [fp], ja3: 'e7d705a3286e19ea42f587b344ee6865', ja3s: 'ec74a5c51106f0419184d0dd08fb05bc', ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
    });
    expect(of('ssl')).toHaveLength(2);
    expect(of('x509')).toEqual([{
      ts: T,
      fingerprint: fp,
      certificate: {
        serial: '083A84592F77F2E7951BF887CEDEC966',
        subject: 'CN=www.github.com,O=GitHub\\, Inc.,L=San Francisco,ST=California,C=US',
        issuer: 'CN=DigiCert SHA2 High Assurance Server CA,OU=www.digicert.com,O=DigiCert Inc,C=US',
        not_valid_before: 1490227200,
        not_valid_after: 1589371200,
      },
      host_cert: true,
      client_cert: false,
    }]);
  });

  it('names versions as Zeek does', async () => {
    const versions = ['SSLv3', 'TLS 1.0', 'TLS 1.1', 'TLS 1.3', 'TLS 1.3 draft-28', 'DTLS 1.2', 'UNDETERMINED'];
    const { of } = await runEve(versions.map((v, i) => ({ ...web, flow_id: 100 + i, event_type: 'tls', tls: { version: v } })));
    expect(of('ssl').map((s) => s.version)).toEqual(['SSLv3', 'TLSv10', 'TLSv11', 'TLSv13', 'TLSv13', 'DTLSv12', undefined]);
  });

  it('rewrites distinguished names in RFC 2253 order', () => {
    expect(zeekDn('OU=Domain Control Validated, CN=www.myedimax.com')).toBe('CN=www.myedimax.com,OU=Domain Control Validated');
    expect(zeekDn('CN=a+b')).toBe('CN=a\\+b');
  });
});

describe('ssh', () => {
  it('maps banners and HASSH', async () => {
    const { of } = await runEve([{
      ...web, dest_port: 22, event_type: 'ssh',
      ssh: {
        client: { proto_version: '2.0', software_version: 'OpenSSH_for_Windows_7.7', hassh: { hash: 'ec7378c1a92f5a8dde7e8b7a1ddf33d1', string: 'curve25519-sha256,…' } },
        server: { proto_version: '1.99', software_version: 'OpenSSH_7.4', hassh: { hash: 'b12d2871a1189eff20364cf5333619ee', string: 'curve25519-sha256,…;…' } },
      },
    }]);
    expect(of('ssh')).toEqual([{
      ts: T, uid: UID, id: { ...WEB_ID, resp_p: 22 }, version: 2, client: 'SSH-2.0-OpenSSH_for_Windows_7.7', server: 'SSH-1.99-OpenSSH_7.4',
      hasshVersion: '1.1', hassh: 'ec7378c1a92f5a8dde7e8b7a1ddf33d1', hasshAlgorithms: 'curve25519-sha256,…', hasshServer: 'b12d2871a1189eff20364cf5333619ee', hasshServerAlgorithms: 'curve25519-sha256,…;…',
    }]);
  });
});

describe('smb', () => {
  const smb = (s: object) => ({ ...web, dest_port: 445, event_type: 'smb', smb: { id: 1, dialect: '2.10', status: 'STATUS_SUCCESS', status_code: '0x0', session_id: 4398046511121, tree_id: 1, ...s } });
  const ID = { ...WEB_ID, resp_p: 445 };

  it('maps tree connects, file opens, deletes, renames and NTLM logons; skips what Zeek does not log', async () => {
    const { of, s } = await runEve([
      smb({ command: 'SMB2_COMMAND_NEGOTIATE', client_dialects: ['2.02', '2.10'] }),
      smb({ command: 'SMB2_COMMAND_SESSION_SETUP', ntlmssp: { domain: 'CORP', user: 'alice', host: 'WS01', version: '10.0 build 19041' } }),
      smb({ command: 'SMB2_COMMAND_TREE_CONNECT', share: '\\\\admin-pc\\c$', share_type: 'FILE' }),
      smb({ command: 'SMB2_COMMAND_CREATE', filename: 'temp\\mimikatz.exe', disposition: 'FILE_CREATE', access: 'normal', created: 1512585399, accessed: 1512585399, modified: 1512171135, changed: 1512585399, size: 804352, fuid: '00000055-0000-0000-000d-0000ffffffff', share: '\\\\admin-pc\\c$' }),
      smb({ command: 'SMB2_COMMAND_CREATE', filename: 'old.txt', access: 'delete on close', fuid: '00000056-0000-0000-000d-0000ffffffff', share: '\\\\admin-pc\\c$' }),
      smb({ command: 'SMB2_COMMAND_SET_INFO', rename: { from: 'a.txt', to: 'b.txt' }, fuid: '00000057-0000-0000-000d-0000ffffffff', share: '\\\\admin-pc\\c$' }),
      smb({ command: 'SMB2_COMMAND_CREATE', filename: 'srvsvc', share: '\\\\dc1\\IPC$', named_pipe: 'srvsvc' }),
      smb({ command: 'SMB2_COMMAND_READ', filename: 'temp\\mimikatz.exe', fuid: '00000055-0000-0000-000d-0000ffffffff' }),
    ]);
    expect(of('ntlm')).toEqual([{ ts: T, uid: UID, id: ID, username: 'alice', hostname: 'WS01', domainname: 'CORP', success: true }]);
    expect(of('smb_mapping')).toEqual([{ ts: T, uid: UID, id: ID, path: '\\\\admin-pc\\c$', share_type: 'DISK' }]);
    const files = of('smb_files');
    expect(files.map((f) => [f.action, f.name, f.prev_name])).toEqual([
      ['SMB::FILE_OPEN', 'temp\\mimikatz.exe', undefined],
      ['SMB::FILE_DELETE', 'old.txt', undefined],
      ['SMB::FILE_RENAME', 'b.txt', 'a.txt'],
    ]);
    expect(files[0]).toMatchObject({ uid: UID, id: ID, path: '\\\\admin-pc\\c$', size: 804352, times: { modified: 1512171135, accessed: 1512585399, created: 1512585399, changed: 1512585399 } });
    expect(files[0]!.fuid).toMatch(/^F[0-9A-Za-z]{11}$/);
    expect(new Set(files.map((f) => f.fuid)).size).toBe(3);
    expect(s.skipped).toEqual(new Map([['smb negotiate (not logged by Zeek)', 1], ['smb named pipe (not logged by Zeek)', 1], ['smb read (not logged by Zeek)', 1]]));
  });
});

describe('dhcp', () => {
  it('gathers one exchange (DISCOVER … ACK) into one record', async () => {
    const msg = (us: number, dir: object, d: object) => ({ timestamp: `2024-05-01T10:00:0${us}.000000+0000`, event_type: 'dhcp', proto: 'UDP', ...dir, dhcp: { id: 4016330564, client_mac: '00:11:32:17:49:f0', ...d } });
    const fromClient = { flow_id: 21, src_ip: '0.0.0.0', src_port: 68, dest_ip: '255.255.255.255', dest_port: 67 };
    const fromServer = { flow_id: 22, src_ip: '10.16.1.1', src_port: 67, dest_ip: '10.16.1.4', dest_port: 68 };
    const { of } = await runEve([
      msg(1, fromClient, { type: 'request', dhcp_type: 'discover', client_ip: '0.0.0.0', assigned_ip: '0.0.0.0', hostname: 'nas1\u0000' }),
      msg(2, fromServer, { type: 'reply', dhcp_type: 'offer', client_ip: '0.0.0.0', assigned_ip: '10.16.1.4', lease_time: 3600 }),
      msg(3, fromClient, { type: 'request', dhcp_type: 'request', requested_ip: '10.16.1.4', client_ip: '0.0.0.0', assigned_ip: '0.0.0.0' }),
      msg(4, fromServer, { type: 'reply', dhcp_type: 'ack', client_ip: '0.0.0.0', assigned_ip: '10.16.1.4', lease_time: 3600 }),
    ]);
    expect(of('dhcp')).toEqual([{
      ts: 1714557601, uids: [flowUid(21), flowUid(22)], server_addr: '10.16.1.1', mac: '00:11:32:17:49:f0', host_name: 'nas1', requested_addr: '10.16.1.4',
      assigned_addr: '10.16.1.4', lease_time: 3600, msg_types: ['DISCOVER', 'OFFER', 'REQUEST', 'ACK'], duration: 3,
    }]);
  });
});

describe('krb5', () => {
  const krb = (k: object) => ({ ...web, src_port: 49700, dest_port: 88, proto: 'UDP', event_type: 'krb5', krb5: k });
  it('maps requests, replies and errors to Zeek kerberos.log', async () => {
    const { of } = await runEve([
      krb({ msg_type: 'KRB_ERROR', failed_request: 'KRB_AS_REQ', error_code: 'KDC_ERR_PREAUTH_REQUIRED', cname: 'testuser', realm: 'DEMO.LOCAL', sname: 'krbtgt/DEMO.LOCAL', encryption: '<none>', weak_encryption: false }),
      krb({ msg_type: 'KRB_TGS_REP', cname: 'testuser', realm: 'DEMO.LOCAL', sname: 'host/dc1.demo.local', encryption: 'aes256-cts-hmac-sha1-96', ticket_encryption: 'rc4-hmac', ticket_weak_encryption: true }),
      krb({ msg_type: 'KRB_TGS_REQ', cname: '<empty>', realm: 'DEMO.LOCAL', sname: 'host/anything' }),
    ]);
    const id = { orig_h: '192.168.1.10', orig_p: 49700, resp_h: '203.0.113.5', resp_p: 88 };
    expect(of('kerberos')).toEqual([
      { ts: T, uid: UID, id, request_type: 'AS', client: 'testuser/DEMO.LOCAL', service: 'krbtgt/DEMO.LOCAL', success: false, error_msg: 'KDC_ERR_PREAUTH_REQUIRED' },
      { ts: T, uid: UID, id, request_type: 'TGS', client: 'testuser/DEMO.LOCAL', service: 'host/dc1.demo.local', success: true, cipher: 'rc4-hmac' },
      { ts: T, uid: UID, id, request_type: 'TGS', service: 'host/anything' },
    ]);
  });
});

describe('fileinfo', () => {
  it('maps a download (written from server to client) with hashes, and an upload', async () => {
    const { of } = await runEve([
      { ...web, event_type: 'http', tx_id: 0, http: { hostname: 'x.example', url: '/a.exe', http_method: 'GET', status: 200 } },
      {
        ...web, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000, event_type: 'fileinfo', app_proto: 'http',
        http: { hostname: 'x.example', url: '/a.exe', http_content_type: 'application/x-dosexec' },
        fileinfo: { filename: '/a.exe', sid: [], gaps: false, state: 'CLOSED', md5: '3a8614dc01881ca20e07e1b9cbc03dc0', sha1: '7035ba04df3785719585929f63ed36f8ba347b62', sha256: '4cac14573e271cd786fdfc02287143fd3de95cbbd84754d29bd3387ecd914669', stored: false, size: 804352, tx_id: 0 },
      },
      { ...web, event_type: 'fileinfo', app_proto: 'http', fileinfo: { filename: '/upload', state: 'CLOSED', size: 10, tx_id: 1 } },
    ]);
    const [down, up] = of('files');
    expect(down).toEqual({
      ts: T, fuid: expect.stringMatching(/^F[0-9A-Za-z]{11}$/), uid: UID, id: WEB_ID, source: 'HTTP', analyzers: ['MD5', 'SHA1', 'SHA256'], mime_type: 'application/x-dosexec',
      filename: '/a.exe', is_orig: false, seen_bytes: 804352, md5: '3a8614dc01881ca20e07e1b9cbc03dc0', sha1: '7035ba04df3785719585929f63ed36f8ba347b62',
      sha256: '4cac14573e271cd786fdfc02287143fd3de95cbbd84754d29bd3387ecd914669',
    });
    expect(up).toMatchObject({ id: WEB_ID, is_orig: true, seen_bytes: 10 });
    expect(up!.fuid).not.toBe(down!.fuid);
  });

  it('knows a download without earlier events of its flow from the ports', async () => {
    const { of } = await runEve([{ ...web, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000, event_type: 'fileinfo', app_proto: 'http', fileinfo: { filename: '/', size: 47 } }]);
    expect(of('files')[0]).toMatchObject({ id: WEB_ID, is_orig: false });
  });
});

describe('anomaly', () => {
  it('maps app-layer, decoder and address-less anomalies to weird', async () => {
    const { of } = await runEve([
      { ...web, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000, event_type: 'anomaly', host: 'sensor-1', anomaly: { app_proto: 'http', type: 'applayer', event: 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION', layer: 'proto_detect' } },
      { timestamp: TS, event_type: 'anomaly', src_ip: '1.1.1.1', src_port: 80, dest_ip: '2.2.2.2', dest_port: 54186, proto: 'UDP', anomaly: { type: 'decode', event: 'decoder.ipv4.opt_pad_required' } },
      { timestamp: TS, event_type: 'anomaly', anomaly: { type: 'decode', event: 'decoder.ethernet.pkt_too_small' } },
    ]);
    expect(of('weird')).toEqual([
      { ts: T, uid: UID, id: WEB_ID, name: 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION', addl: 'proto_detect', notice: false, peer: 'sensor-1', source: 'http' },
      { ts: T, id: { orig_h: '2.2.2.2', orig_p: 54186, resp_h: '1.1.1.1', resp_p: 80 }, name: 'decoder.ipv4.opt_pad_required', notice: false, source: 'IP' },
      { ts: T, name: 'decoder.ethernet.pkt_too_small', notice: false, source: 'ethernet' },
    ]);
  });
});

describe('alert', () => {
  const alert = {
    ...web, event_type: 'alert', tx_id: 0, app_proto: 'http', host: 'sensor-1',
    alert: {
      action: 'allowed', gid: 1, signature_id: 2024916, rev: 2, signature: 'ET EXPLOIT Netgear DGN Remote Command Execution', category: 'Attempted Information Leak', severity: 2,
      metadata: { attack_target: ['IoT'], signature_severity: ['Major'], mitre_tactic_id: ['TA0001'], mitre_technique_id: ['T1190'] },
    },
  };

  it('maps an alert to ExternalAlert, rule metadata kept aside', async () => {
    const { obs } = await runEve([alert]);
    expect(obs).toEqual([{
      type: 'alert',
      record: {
        ts: T, uid: UID, id: WEB_ID, source: 'suricata', signature: 'ET EXPLOIT Netgear DGN Remote Command Execution', signature_id: 2024916, gid: 1, rev: 2,
        category: 'Attempted Information Leak', severity: 2, action: 'allowed', proto: 'tcp', app_proto: 'http', sensor: 'sensor-1',
        mitre_tactic_ids: ['TA0001'], mitre_technique_ids: ['T1190'],
      },
      extra: { metadata: { attack_target: ['IoT'], signature_severity: ['Major'] } },
    }]);
  });

  it('puts the originator first for alerts on packets to the client', async () => {
    const toClient = { ...alert, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000 };
    // Suricata 7+: the flow's own direction is written in the alert
    const v7 = await runEve([{ ...toClient, direction: 'to_client', flow: { src_ip: '192.168.1.10', src_port: 51000, dest_ip: '203.0.113.5', dest_port: 80, pkts_toserver: 3, pkts_toclient: 2 } }]);
    expect(v7.of('alert')[0]).toMatchObject({ id: WEB_ID, direction: 'to_client' });
    // older: an earlier event of the flow showed who started it
    const older = await runEve([{ ...web, event_type: 'http', http: { url: '/' } }, toClient]);
    expect(older.of('alert')[0]).toMatchObject({ id: WEB_ID, direction: 'to_client' });
    // nothing known: the ports
    const alone = await runEve([toClient]);
    expect(alone.of('alert')[0]!.id).toEqual(WEB_ID);
    // a flow that had sent nothing to the client yet: the packet went to the server, whatever the ports
    const scan = await runEve([{ ...toClient, flow: { pkts_toserver: 1, pkts_toclient: 0, start: TS } }]);
    expect(scan.of('alert')[0]).toMatchObject({ id: { orig_h: '203.0.113.5', orig_p: 80, resp_h: '192.168.1.10', resp_p: 51000 }, direction: 'to_server' });
  });

  it('quarantines an alert without signature_id', async () => {
    const { q } = await runEve([{ ...alert, alert: { signature: 'x' } }]);
    expect(q[0]!.reason).toBe('alert without signature_id');
  });
});

describe('correlation by flow_id', () => {
  it('gives the flow and all its app events one uid and one orientation, whatever their order', async () => {
    const { obs } = await runEve([
      { ...web, event_type: 'alert', alert: { signature_id: 1, signature: 's' } },
      { ...web, event_type: 'http', tx_id: 0, http: { hostname: 'x', url: '/' } },
      { ...web, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000, event_type: 'fileinfo', app_proto: 'http', fileinfo: { filename: '/', size: 1 } },
      { ...web, src_ip: '203.0.113.5', src_port: 80, dest_ip: '192.168.1.10', dest_port: 51000, event_type: 'anomaly', anomaly: { type: 'applayer', event: 'X', app_proto: 'http' } },
      { ...web, event_type: 'flow', app_proto: 'http', flow: { pkts_toserver: 5, pkts_toclient: 5, bytes_toserver: 500, bytes_toclient: 900, start: TS, end: TS, state: 'closed' }, tcp: { tcp_flags_ts: '1b', tcp_flags_tc: '1b' } },
      { ...web, flow_id: 12, event_type: 'http', http: { url: '/other' } },
    ]);
    const ofFlow = obs.filter((o) => (o.record as { uid?: string }).uid === UID);
    expect(ofFlow.map((o) => o.type)).toEqual(['alert', 'http', 'files', 'weird', 'conn']);
    for (const o of ofFlow) expect((o.record as { id?: object }).id).toEqual(WEB_ID);
    expect(obs.filter((o) => (o.record as { uid?: string }).uid === flowUid(12))).toHaveLength(1);
  });
});
