// What the tuning verbs (`models`, `suppress`, `tune`) share: subcommand dispatch with the options
// each subcommand accepts, the --db store, who made a change (--by), and durations (--for 7d).
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../schema/errors.js';
import type { Suppression } from '../models/tuning.js';
import { openStore, type Store } from '../store/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options of every tuning verb (each subcommand says which it takes). */
export const COMMON_OPTIONS = {
  db: { type: 'string' },
  by: { type: 'string' },
  models: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
} as const;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/**
 * Parses `<verb> <sub> …` with the union of the verb's options, refuses an option the subcommand does
 * not take, prints the usage on --help, and runs the subcommand.
 */
export async function runSubcommand(
  verb: string,
  argv: string[],
  usage: string,
  options: Options,
  subs: Record<string, { takes: readonly string[]; run: (p: Parsed) => Promise<number> }>,
): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    process.stdout.write(usage + '\n');
    return values.help ? 0 : 2;
  }
  const s = subs[sub];
  if (!s) throw new ConfigError('unknown_command', `unknown subcommand "${sub}": use ${Object.keys(subs).join(', ')}\n${usage}`);
  for (const k of Object.keys(values)) if (!s.takes.includes(k)) throw new ConfigError('bad_option', `--${k} does not apply to "mamori ${verb} ${sub}"\n${usage}`);
  return s.run({ values: values as Parsed['values'], positionals: rest });
}

/** The one positional a subcommand needs (a model or suppression id). */
export function onePositional(p: { positionals: string[] }, what: string, usage: string): string {
  if (p.positionals.length !== 1) throw new ConfigError('missing_input', `give exactly one ${what}\n${usage}`);
  return p.positionals[0]!;
}

/**
 * Opens the --db store for the call and closes it after. `existing`: the file must exist already (a
 * typo should not create an empty database and report nothing); `create`: made when missing.
 */
export async function withStore<T>(path: string | boolean | undefined, usage: string, mode: 'existing' | 'create', fn: (store: Store) => Promise<T>): Promise<T> {
  if (typeof path !== 'string' || !path) throw new ConfigError('missing_option', `--db <file> is required\n${usage}`);
  if (mode === 'existing' && !existsSync(path)) throw new ConfigError('missing_input', `there is no database at ${path}: give the file that "mamori analyze --db" wrote`);
  const store = await openStore({ path });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Who makes a change: --by, else the user running the command. */
export function actorName(by: string | boolean | undefined): string {
  if (typeof by === 'string' && by.trim()) return by.trim();
  try {
    return userInfo().username || 'cli';
  } catch {
    return process.env['USER'] || 'cli';
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90s`, `30m`, `12h`, `7d`, `2w` → seconds. */
export function parseDuration(text: string | boolean | undefined, option: string): number {
  const m = typeof text === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text) : null;
  const secs = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!(secs > 0)) throw new ConfigError('bad_option', `${option} takes a duration like 7d, 12h, 30m or 2w, not ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  return secs;
}

export function formatTime(t: number): string {
  return new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** --format table|json */
export function wantsJson(format: string | boolean | undefined): boolean {
  if (format !== undefined && format !== 'table' && format !== 'json') throw new ConfigError('bad_option', '--format must be table or json');
  return format === 'json';
}

/** `model device/*, peer group pg2` */
export function suppressionScope(s: Suppression): string {
  return (['model', 'device', 'peer_group', 'destination'] as const)
    .filter((k) => s[k] !== undefined)
    .map((k) => `${k.replace('_', ' ')} ${s[k]}`)
    .join(', ');
}
