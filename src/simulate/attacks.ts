// Attacks the simulator can inject, each the way it shows on the wire: a beaconing implant, data
// leaving for a rare host, a network scan, DNS tunnelling, an SSH brute force, lateral movement by
// remote service creation over SMB (PsExec style) and kerberoasting. Each returns its frames and a
// label (victim, attacker, destination, times) for evaluation.
import { makeCertificate } from './tls/certificate.js';
import { TOOL } from './tls/handshake.js';
import { tlsSession } from './tls/session.js';
import { ephemeralPort, lookup, viaGateway, type Organisation } from './organization.js';
import { sshBanner, sshKexdh, sshKexinit } from './protocols.js';
import type { SimRandom } from './random.js';
import { tcpSession, type TimedFrame } from './sessions.js';
import { DOMAIN, DNS_DOMAIN, executableBytes, kerberoast, remoteServiceExec } from './windows/activity.js';

export const ATTACKS = ['beacon', 'exfil', 'scan', 'dns-tunnel', 'brute-force', 'lateral-movement', 'kerberoast'] as const;
export type AttackName = (typeof ATTACKS)[number];

export interface AttackLabel {
  attack: AttackName;
  /** the inside device that misbehaves (or is attacked, for brute force) */
  device: string;
  /** the other side (several targets: comma-separated) */
  peer: string;
  start: number;
  end: number;
  /** MITRE ATT&CK technique ids (several: comma-separated) */
  mitre: string;
}

export interface Injected {
  frames: TimedFrame[];
  label: AttackLabel;
}

export function injectAttack(r: SimRandom, org: Organisation, name: AttackName, start: number, days: number): Injected {
  const ws = org.devices.filter((d) => d.role === 'workstation');
  const victim = ws[ws.length - 1]!;
  const frames: TimedFrame[] = [];
  const end = start + days * 86400;
  switch (name) {
    case 'beacon': {
      // An implant calls home every 60 s (±5%) over TLS to a rare, self-signed host, day and night.
      const host = 'cdn-update.kz-sync.example';
      const ip = '185.220.101.7';
      const chain = [makeCertificate(r.fork(host), { hostname: host, serial: 7, notBefore: start - 86400, notAfter: start + 30 * 86400 })];
      const from = start + 6 * 3600;
      for (let t = from; t < end; t += 60 * r.range(0.95, 1.05)) {
        if (r.chance(0.05)) frames.push(...lookup(r, org, victim, t - 0.05, host, 'A', [ip]));
        frames.push(...tlsSession(r, { client: victim, server: viaGateway(org, ip), sport: ephemeralPort(), start: t, sni: host, profile: TOOL, chain, tls13: false, upload: 180 + r.int(40), download: 60 + r.int(20), rtt: 0.12 }));
      }
      return { frames, label: { attack: name, device: victim.ip, peer: ip, start: from, end, mitre: 'T1071.001' } };
    }
    case 'exfil': {
      // At 02:00 the victim sends 40 MB to a host nobody in the organisation has ever used.
      const host = 'files.sharedrop.example';
      const ip = '45.137.21.9';
      const at = start + 86400 * Math.max(0, days - 1) + 2 * 3600;
      const chain = [makeCertificate(r.fork(host), { hostname: host, organisation: 'ShareDrop', serial: 99, notBefore: start - 86400 * 40, notAfter: start + 86400 * 300, issuer: org.issuer })];
      frames.push(...lookup(r, org, victim, at - 0.1, host, 'A', [ip]));
      frames.push(...tlsSession(r, { client: victim, server: viaGateway(org, ip), sport: ephemeralPort(), start: at, sni: host, profile: TOOL, chain, tls13: false, upload: 40_000_000, download: 2000, rtt: 0.08 }));
      return { frames, label: { attack: name, device: victim.ip, peer: ip, start: at, end: at + 600, mitre: 'T1048' } };
    }
    case 'scan': {
      // A sweep of the server subnet on the ports attackers look for first.
      const at = start + 86400 * Math.max(0, days - 1) + 14 * 3600;
      const ports = [21, 22, 23, 80, 135, 139, 443, 445, 1433, 3306, 3389, 5985, 8080];
      let t = at;
      for (let host = 1; host < 60; host++) {
        for (const port of ports) {
          const ip = `10.20.0.${host}`;
          const target = org.devices.find((d) => d.ip === ip) ?? { ip, mac: org.gateway.mac };
          const open = (ip === '10.20.0.20' && (port === 445 || port === 139)) || (ip === '10.20.0.21' && (port === 80 || port === 443));
          frames.push(...tcpSession({ client: victim, server: target, sport: 40000 + ((host * 31 + port) % 20000), dport: port, start: t, exchanges: [], refused: !open && org.devices.some((d) => d.ip === ip), unanswered: !org.devices.some((d) => d.ip === ip) }));
          t += 0.002;
        }
      }
      return { frames, label: { attack: name, device: victim.ip, peer: '10.20.0.0/24', start: at, end: t, mitre: 'T1046' } };
    }
    case 'dns-tunnel': {
      // Data leaves as base32 labels of TXT queries to one domain, answered with encoded TXT.
      const at = start + 86400 * Math.max(0, days - 1) + 11 * 3600;
      const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
      let t = at;
      for (let i = 0; i < 1500; i++) {
        const label = Array.from({ length: 52 }, () => alphabet[r.int(32)]).join('');
        frames.push(...lookup(r, org, victim, t, `${label}.${i.toString(36)}.t.exfil-dns.example`, 'TXT', [Array.from({ length: 60 }, () => alphabet[r.int(32)]).join('')]));
        t += r.range(0.2, 0.6);
      }
      return { frames, label: { attack: name, device: victim.ip, peer: 'exfil-dns.example', start: at, end: t, mitre: 'T1071.004' } };
    }
    case 'brute-force': {
      // An outside host tries SSH logins on the web server, one short session after another.
      const server = org.devices.find((d) => d.hostname === 'web01')!;
      const attacker = viaGateway(org, '91.240.118.50');
      const at = start + 86400 * Math.max(0, days - 1) + 3 * 3600;
      let t = at;
      for (let i = 0; i < 250; i++) {
        // banners, key exchange, then one failed password attempt (encrypted: sizes only)
        const kexC = sshKexinit(r, ['curve25519-sha256', 'diffie-hellman-group14-sha256'], ['ssh-ed25519', 'rsa-sha2-256'], ['aes128-ctr', 'aes256-ctr'], ['hmac-sha2-256']);
        const kexS = sshKexinit(r, ['curve25519-sha256', 'ecdh-sha2-nistp256'], ['ssh-ed25519'], ['chacha20-poly1305@openssh.com', 'aes128-ctr'], ['hmac-sha2-256', 'umac-64@openssh.com']);
        frames.push(...tcpSession({ client: attacker, server, sport: 30000 + i, dport: 22, start: t, exchanges: [
          { request: sshBanner('libssh_0.9.6'), response: sshBanner('OpenSSH_8.9p1 Ubuntu-3ubuntu0.6') },
          { request: kexC, response: kexS },
          { request: sshKexdh(r, false), response: sshKexdh(r, true) },
          { request: r.bytes(52), response: r.bytes(52) },
          { request: r.bytes(100), response: r.bytes(44) },
          { request: r.bytes(100), response: r.bytes(44) },
        ], rtt: 0.06 }));
        t += r.range(1.5, 3);
      }
      return { frames, label: { attack: name, device: server.ip, peer: attacker.ip, start: at, end: t, mitre: 'T1110' } };
    }
    case 'lateral-movement': {
      // With stolen credentials of a service account, the victim pushes a service binary to three
      // other workstations' ADMIN$ and starts it through the service control manager.
      const targets = ws.filter((d) => d !== victim).slice(0, 3);
      const at = start + 86400 * Math.max(0, days - 1) + 10 * 3600 + 20 * 60;
      const exe = executableBytes(r.fork('psexesvc'), 6144 + 512);
      let t = at;
      for (const target of targets) {
        frames.push(...lookup(r, org, victim, t - 0.05, `${target.hostname}.${DNS_DOMAIN}`, 'A', [target.ip]));
        frames.push(...remoteServiceExec(r, victim, target, t, ephemeralPort(), { user: 'svc_backup', domain: DOMAIN, exe, service: 'PSEXESVC', fileName: 'PSEXESVC.exe' }));
        t += r.range(40, 120);
      }
      return { frames, label: { attack: name, device: victim.ip, peer: targets.map((d) => d.ip).join(','), start: at, end: t, mitre: 'T1021.002,T1569.002' } };
    }
    case 'kerberoast': {
      // Service tickets for the service accounts' SPNs, RC4 only, in quick succession.
      const at = start + 86400 * Math.max(0, days - 1) + 10 * 3600 + 5 * 60;
      const spns = [`MSSQLSvc/db01.${DNS_DOMAIN}:1433`, `HTTP/intranet.${DNS_DOMAIN}`, `HTTP/sharepoint.${DNS_DOMAIN}`, `exchangeAB/mail01.${DNS_DOMAIN}`, `MSSQLSvc/db02.${DNS_DOMAIN}:1433`, `FIMService/idm01.${DNS_DOMAIN}`];
      const k = kerberoast(r, victim, org.dc, at, spns, ephemeralPort);
      frames.push(...k.frames);
      return { frames, label: { attack: name, device: victim.ip, peer: org.dc.ip, start: at, end: k.end, mitre: 'T1558.003' } };
    }
  }
}
