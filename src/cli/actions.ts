// `mamori actions list|confirm|clear|extend|reactivate`: the response actions kept in the --db store.
// `list` only reads; every change goes through the response engine (so it reaches the executors and
// is audited with --by, default the user running mamori), which needs the response config (--config)
// to know the executors. While `mamori run` holds the database, use the API instead.
import { ACTION_STATES, type Action, type ActionState } from '../schema/action.js';
import { ConfigError } from '../schema/errors.js';
import { executorsFromConfig, formatDuration, listActions, loadResponseConfig, parseDuration, ResponseEngine } from '../response/index.js';
import type { Store } from '../store/index.js';
import { actorName, formatTime, runSubcommand, withStore } from './tuning-args.js';

const USAGE = `usage: mamori actions <list|confirm|clear|extend|reactivate> …

  mamori actions list --db <file> [--state <state>[,<state>…]] [--limit <n>] [--format text|json]
      the response actions, newest first; states: ${ACTION_STATES.join(', ')}
  mamori actions confirm <id> --db <file> --config <response.yaml> [--by <name>] [--why <text>]
      an action awaiting confirmation (or a passive proposal) goes in force
  mamori actions clear <id> --db <file> --config <response.yaml> [--by <name>] [--why <text>]
      ends an action now and removes it from the executors
  mamori actions extend <id> <duration> --db <file> --config <response.yaml> [--by <name>] [--why <text>]
      pushes its end (or its confirmation deadline) back by 30m, 2h, 1d …
  mamori actions reactivate <id> --db <file> --config <response.yaml> [--by <name>] [--why <text>]
      an expired, cleared or failed action goes in force again for its duration

Changes need --config (the executors that put actions in force); each is audited with who made it
(--by, default the user running mamori) and why.`;

const OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  by: { type: 'string' },
  why: { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function states(v: string | boolean | undefined): ActionState[] | undefined {
  const s = text(v);
  if (s === undefined) return undefined;
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  for (const x of list) if (!(ACTION_STATES as readonly string[]).includes(x)) throw new ConfigError('bad_option', `--state ${x} is not one of ${ACTION_STATES.join(', ')}`);
  return list as ActionState[];
}

/** `10.0.0.5 → 203.0.113.9:443/tcp`, `quarantine 10.0.0.5 (out)`, `allow 12 normal destinations` */
export function actionTarget(a: Action): string {
  const t = a.target;
  const dev = t.device ? (t.device.hostname ? `${t.device.hostname} (${t.device.ip})` : t.device.ip) : '';
  const dest = t.destination ? `${t.destination.hostname ? `${t.destination.hostname} ` : ''}${t.destination.ip}${t.destination.port ? `:${t.destination.port}` : ''}${t.destination.proto ? `/${t.destination.proto}` : ''}` : '';
  switch (a.kind) {
    case 'block_connection':
      return `${dev} → ${dest}`;
    case 'block_endpoint':
      return `everyone ↔ ${dest}`;
    case 'quarantine_device':
      return `${dev}, ${t.direction ?? 'both'} direction(s)`;
    default:
      return `${dev} may reach only ${t.allow?.length ?? 0} normal destination(s)`;
  }
}

function line(a: Action): string {
  const when = a.state === 'awaiting_confirmation' ? `confirm by ${formatTime(a.expires)}` : a.state === 'active' || a.state === 'proposed' ? `until ${formatTime(a.expires)}` : `since ${formatTime(a.history.at(-1)?.time ?? a.created)}`;
  const last = a.history.at(-1);
  return (
    `${a.id}  ${a.state}${a.dry_run ? ' (dry run)' : ''}  ${a.kind}  ${actionTarget(a)}\n` +
    `    mode ${a.mode}, ${formatDuration(a.duration)}, ${when}; cause: ${a.cause.text.en}\n` +
    (last ? `    last: ${last.from ?? 'new'} → ${last.to} by ${last.by} on ${formatTime(last.time)}: ${last.why}\n` : '')
  );
}

async function list(values: Values): Promise<number> {
  const format = text(values['format']) ?? 'text';
  if (format !== 'text' && format !== 'table' && format !== 'json') throw new ConfigError('bad_option', '--format must be text or json');
  const limitText = text(values['limit']);
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new ConfigError('bad_option', `--limit takes a positive whole number, not ${limitText}`);
  const state = states(values['state']);
  return withStore(values['db'], USAGE, 'existing', async (store) => {
    const all = await listActions(store, { ...(state ? { state } : {}), ...(limit ? { limit } : {}) });
    if (format === 'json') for (const a of all) process.stdout.write(JSON.stringify(a) + '\n');
    else process.stdout.write(all.length ? all.map(line).join('') : 'no actions\n');
    return 0;
  });
}

/** Opens the engine on the --db store with the --config executors for one change. */
async function withEngine(values: Values, fn: (e: ResponseEngine, by: string, why: string | undefined) => Promise<Action>): Promise<number> {
  const configFile = text(values['config']);
  if (!configFile) throw new ConfigError('missing_option', `--config <response.yaml> is required to change an action: it names the executors that put actions in force\n${USAGE}`);
  const config = loadResponseConfig(configFile);
  const executors = executorsFromConfig(config);
  return withStore(values['db'], USAGE, 'existing', async (store: Store) => {
    const engine = await ResponseEngine.open({ store, config, executors, log: (m) => process.stderr.write(m + '\n') });
    try {
      const a = await fn(engine, actorName(values['by']), text(values['why']));
      process.stdout.write(line(a));
      return a.state === 'failed' ? 1 : 0;
    } finally {
      await engine.close();
    }
  });
}

function idAnd(p: { positionals: string[] }, n: number, what: string): string[] {
  if (p.positionals.length !== n) throw new ConfigError('missing_input', `give ${what}\n${USAGE}`);
  return p.positionals;
}

const CHANGE = ['db', 'config', 'by', 'why'] as const;

export function actionsCommand(argv: string[]): Promise<number> {
  return runSubcommand('actions', argv, USAGE, OPTIONS, {
    list: { takes: ['db', 'state', 'limit', 'format'], run: (p) => list(p.values) },
    confirm: { takes: CHANGE, run: (p) => withEngine(p.values, (e, by, why) => e.confirm(idAnd(p, 1, 'exactly one action id')[0]!, by, why)) },
    clear: { takes: CHANGE, run: (p) => withEngine(p.values, (e, by, why) => e.clear(idAnd(p, 1, 'exactly one action id')[0]!, by, why)) },
    reactivate: { takes: CHANGE, run: (p) => withEngine(p.values, (e, by, why) => e.reactivate(idAnd(p, 1, 'exactly one action id')[0]!, by, why)) },
    extend: {
      takes: CHANGE,
      run: (p) => {
        const [id, duration] = idAnd(p, 2, 'an action id and a duration (30m, 2h, 1d)');
        const seconds = parseDuration(duration!, 'extend');
        return withEngine(p.values, (e, by, why) => e.extend(id!, seconds, by, why));
      },
    },
  });
}
