// `mamori suppress add|list|remove`: suppressions kept in the --db store. A suppression hides the
// breaches of a model (or models: `device/*`), a device, a peer group and/or a destination until it
// expires; "mamori analyze --db" drops and counts them. Every change goes to the audit log.
import { loadModels } from '../models/library.js';
import { TuningStore } from '../models/tuning-store.js';
import { globMatch } from '../models/tuning.js';
import { ConfigError } from '../schema/errors.js';
import { actorName, COMMON_OPTIONS, formatTime, onePositional, parseDuration, runSubcommand, suppressionScope, wantsJson, withStore } from './tuning-args.js';

const USAGE = `usage: mamori suppress <add|list|remove> …

  mamori suppress add --db <file> [--model <id|pattern>] [--device <id|ip>] [--peer-group <id>]
                      [--destination <ip|hostname>] --for <duration> --reason <text> [--by <name>]
      hide the breaches that match every criterion given (at least one) for a while (7d, 12h,
      30m, 2w). --model takes an id or a pattern (device/*), checked against the loaded models
      (--models <dir>); --device a device id or IP address; --destination an IP address or a
      hostname, with * (*.example.com)
  mamori suppress list --db <file> [--format table|json]
      every suppression, in force or expired
  mamori suppress remove <id> --db <file> [--by <name>]

Each change goes to the database's audit log with who made it (--by, default the user running
mamori).`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'string' },
  device: { type: 'string' },
  'peer-group': { type: 'string' },
  destination: { type: 'string' },
  for: { type: 'string' },
  reason: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

async function add(values: Values): Promise<number> {
  const model = text(values['model']);
  if (model !== undefined) {
    const ids = loadModels(text(values['models'])).map((m) => m.id);
    if (!ids.some((id) => globMatch(model, id))) throw new ConfigError('unknown_model', `no loaded model matches --model ${model} (see "mamori models list")`);
  }
  const reason = text(values['reason']);
  if (!reason?.trim()) throw new ConfigError('missing_option', `--reason <text> is required: say why these breaches can be hidden\n${USAGE}`);
  const for_seconds = parseDuration(values['for'], '--for');
  const criteria = { model, device: text(values['device']), peer_group: text(values['peer-group']), destination: text(values['destination']) };
  if (Object.values(criteria).every((v) => v === undefined)) throw new ConfigError('missing_option', `give at least one of --model, --device, --peer-group or --destination\n${USAGE}`);
  return withStore(values['db'], USAGE, 'create', async (store) => {
    const defined = Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== undefined));
    const s = await new TuningStore(store).addSuppression({ ...defined, reason, for_seconds }, actorName(values['by']));
    process.stdout.write(`added ${s.id}: ${suppressionScope(s)} until ${formatTime(s.expires)} (audited)\n`);
    return 0;
  });
}

async function list(values: Values): Promise<number> {
  const json = wantsJson(values['format']);
  return withStore(values['db'], USAGE, 'existing', async (store) => {
    const all = await new TuningStore(store).suppressions();
    const now = Date.now() / 1000;
    if (json) {
      for (const s of all) process.stdout.write(JSON.stringify({ ...s, in_force: s.expires > now }) + '\n');
      return 0;
    }
    if (!all.length) process.stdout.write('no suppressions\n');
    for (const s of all) {
      process.stdout.write(`${s.id}  ${suppressionScope(s)}\n    ${s.expires > now ? 'until' : 'expired'} ${formatTime(s.expires)}; by ${s.created_by} on ${formatTime(s.created)}: ${s.reason}\n`);
    }
    return 0;
  });
}

export function suppressCommand(argv: string[]): Promise<number> {
  return runSubcommand('suppress', argv, USAGE, OPTIONS, {
    add: { takes: ['db', 'by', 'models', 'model', 'device', 'peer-group', 'destination', 'for', 'reason'], run: (p) => add(p.values) },
    list: { takes: ['db', 'format'], run: (p) => list(p.values) },
    remove: {
      takes: ['db', 'by'],
      run: (p) =>
        withStore(p.values['db'], USAGE, 'existing', async (store) => {
          const s = await new TuningStore(store).removeSuppression(onePositional(p, 'suppression id', USAGE), actorName(p.values['by']));
          process.stdout.write(`removed ${s.id}: ${suppressionScope(s)} (audited)\n`);
          return 0;
        }),
    },
  });
}
