// `mamori notify test` end to end through `main`, against local receivers on 127.0.0.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { HttpReceiver, SmtpReceiver, SyslogReceiver } from '../notify/contract/receivers.js';
import { mamori } from './main.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-notify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sends a test notification through each channel and prints what each answered', async () => {
  const smtp = await new SmtpReceiver({ starttls: false }).start();
  const http = await new HttpReceiver().start();
  const syslog = await new SyslogReceiver('tcp').start();
  const deadPort = (await new HttpReceiver().start().then(async (r) => (await r.stop(), r))).port;
  const config = join(dir, 'notify.yaml');
  writeFileSync(
    config,
    `channels:
  mail:
    type: email
    host: 127.0.0.1
    port: ${smtp.port}
    security: none
    from: mamori@example.org
    recipients: [soc@example.jp, { address: ciso@example.com, language: en }]
    language: ja
  hook:
    type: webhook
    flavor: teams
    url: http://127.0.0.1:${http.port}/secret/path
  siem: { type: syslog, protocol: tcp, host: 127.0.0.1, port: ${syslog.port}, format: cef }
  down: { type: webhook, url: 'http://127.0.0.1:${deadPort}/x', timeout_ms: 1000 }
routes: [{ channels: [mail, hook, siem, down], min_level: 2 }]
`,
  );
  const all = await mamori('notify', 'test', '--config', config);
  expect(all.code).toBe(1);
  expect(all.out).toMatch(/mail:ja\s+ok\s+250/);
  expect(all.out).toMatch(/mail:en\s+ok/);
  expect(all.out).toMatch(/hook\s+ok\s+HTTP 200/);
  expect(all.out).toMatch(/siem\s+ok\s+written/);
  expect(all.out).toMatch(/down\s+FAILED\s+unreachable \(retryable\)/);
  expect(all.out).toContain('1 of 5 channel(s) failed');
  expect(all.out).not.toContain('/secret/path');
  await smtp.waitFor(2);
  expect(smtp.messages.map((m) => m.mail.headers.get('subject')![0]).sort()).toEqual(['[Mamori][INFO] Test notification (TEST)', '【Mamori】【情報】テスト通知 (テスト)']);
  await syslog.waitFor(1);
  expect(syslog.messages[0]!.raw).toContain('CEF:0|Mamori|Mamori NDR|');

  const one = await mamori('notify', 'test', '--config', config, '--channel', 'hook');
  expect(one.code).toBe(0);
  expect(one.out).toContain('all 1 channel(s) delivered');
  expect(http.messages).toHaveLength(2);

  const bad = await mamori('notify', 'test', '--config', config, '--channel', 'nope');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('no channel named nope');

  await Promise.all([smtp.stop(), http.stop(), syslog.stop()]);
});
