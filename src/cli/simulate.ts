// `mamori simulate --devices N --days D --seed S [--attack NAME …] --out file.pcap`
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../schema/errors.js';
import { ATTACKS, type AttackName } from '../simulate/attacks.js';
import { simulate } from '../simulate/simulate.js';
import { Progress } from './progress.js';

const USAGE = `usage: mamori simulate --out <file.pcap> [--devices N] [--days D] [--seed S] [--attack NAME …] [--start YYYY-MM-DD]

Writes a capture of a simulated organisation (workstations keeping office hours: DHCP, NTP, Kerberos
logons and service tickets, SMB share mapping with document reads, browsing over DNS, HTTPS with real
certificates and HTTP; servers; a domain controller; IoT cameras), with attacks injected when asked:
${ATTACKS.join(', ')}. The attack labels go to <file>.labels.json.`;

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      devices: { type: 'string', default: '20' },
      days: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      attack: { type: 'string', multiple: true, default: [] },
      start: { type: 'string', default: '2026-11-02' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.out) throw new ConfigError('missing_option', `--out <file.pcap> is required\n${USAGE}`);
  const devices = Number(values.devices);
  const days = Number(values.days);
  const seed = Number(values.seed);
  if (!Number.isInteger(devices) || devices < 4 || devices > 100000) throw new ConfigError('bad_option', '--devices must be an integer from 4 to 100000');
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new ConfigError('bad_option', '--days must be an integer from 1 to 365');
  const bad = values.attack!.filter((a) => !(ATTACKS as readonly string[]).includes(a));
  if (bad.length) throw new ConfigError('bad_option', `unknown attack ${bad.join(', ')}: choose from ${ATTACKS.join(', ')}`);
  const start = Date.parse(`${values.start}T00:00:00Z`) / 1000;
  if (Number.isNaN(start)) throw new ConfigError('bad_option', '--start must be a date such as 2026-11-02');
  const progress = new Progress('simulate');
  const res = simulate({ devices, days, seed, attacks: values.attack as AttackName[], start }, values.out, (d) => progress.update(d, days, `day ${d}/${days}`));
  progress.done();
  writeFileSync(`${values.out}.labels.json`, JSON.stringify(res.labels, null, 2) + '\n');
  process.stderr.write(`wrote ${values.out}: ${res.packets.toLocaleString('en')} packets, ${res.devices} devices, ${days} day(s)${res.labels.length ? `, attacks: ${res.labels.map((l) => l.attack).join(', ')}` : ''}\n`);
  return 0;
}
