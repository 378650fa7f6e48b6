// Every channel through the one notifier contract, against local receivers on 127.0.0.1.
import { SmtpNotifier } from './email/smtp-notifier.js';
import { runNotifierContract } from './contract/notifier-contract.js';
import { HttpReceiver, LOOPBACK, SmtpReceiver, SyslogReceiver, type ReceivedRequest } from './contract/receivers.js';
import { TEST_CERT } from './contract/tls-fixture.js';
import { SyslogNotifier } from './syslog/syslog-notifier.js';
import { WebhookNotifier } from './webhook/webhook-notifier.js';

const smtp = (name: string, receiverOptions: ConstructorParameters<typeof SmtpReceiver>[0], security: 'none' | 'starttls' | 'tls', auth?: { user: string; pass: string }) =>
  runNotifierContract(name, async () => {
    const receiver = await new SmtpReceiver(receiverOptions).start();
    const notifier = new SmtpNotifier({ name: 'mail', host: LOOPBACK, port: receiver.port, security, auth, from: 'mamori@example.org', to: ['soc@example.org'], language: 'ja', ca: TEST_CERT, servername: 'localhost', timeoutMs: 3000 });
    return { notifier, receiver, confirmsDelivery: true, rejectPermanently: () => (receiver.rejectWith = 550) };
  });

smtp('smtp plain', { starttls: false }, 'none');
smtp('smtp STARTTLS with AUTH', { auth: { user: 'mamori', pass: 'hunter2' } }, 'starttls', { user: 'mamori', pass: 'hunter2' });
smtp('smtps (implicit TLS)', { secure: true }, 'tls');

const syslog = (name: string, protocol: 'udp' | 'tcp' | 'tls', format: 'rfc5424' | 'cef') =>
  runNotifierContract(name, async () => {
    const receiver = await new SyslogReceiver(protocol).start();
    const notifier = new SyslogNotifier({ name: 'siem', protocol, host: LOOPBACK, port: receiver.port, format, language: 'en', timeoutMs: 2000, tls: { ca: TEST_CERT, servername: 'localhost' } });
    return { notifier, receiver, confirmsDelivery: protocol !== 'udp' };
  });

syslog('syslog udp rfc5424', 'udp', 'rfc5424');
syslog('syslog tcp rfc5424', 'tcp', 'rfc5424');
syslog('syslog tcp cef', 'tcp', 'cef');
syslog('syslog tls cef', 'tls', 'cef');

const webhook = (flavor: 'json' | 'slack' | 'teams') =>
  runNotifierContract(`webhook ${flavor}`, async () => {
    const receiver = await new HttpReceiver().start();
    const notifier = new WebhookNotifier({ name: 'hook', url: `http://${LOOPBACK}:${receiver.port}/services/T000/B000/XXXX`, flavor, language: flavor === 'teams' ? 'ja' : 'en', secret: 's3cret', bearerToken: 'tok-123', timeoutMs: 2000 });
    return {
      notifier,
      receiver,
      confirmsDelivery: true,
      rejectPermanently: () => (receiver.status = 400),
      idIn: (r, id) => (r as ReceivedRequest).headers['idempotency-key'] === id,
    };
  });

webhook('json');
webhook('slack');
webhook('teams');
