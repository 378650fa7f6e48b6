// `mamori serve --db <file>`: the API and the Threat Visualizer over a database, until SIGINT or
// SIGTERM. On the first start it creates the admin and prints the password once.
// `mamori serve --demo`: the same over the demo: the simulated office capture (made when missing)
// runs through the whole pipeline into <out>/mamori.duckdb while the console already answers and
// shows the loading progress; a second start finds it loaded and serves at once.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer, DEFAULT_PORT, type StatusSnapshot } from '../api/server.js';
import { ConfigError } from '../schema/errors.js';
import { demoCapture, loadDemo } from './demo-data.js';
import { Progress } from './progress.js';
import { withStore } from './tuning-args.js';

const USAGE = `usage: mamori serve --db <file> [--host <address>] [--port <n>] [--web-root <dir>]
       mamori serve --demo [--out <dir>] [--host <address>] [--port <n>]

  --demo      simulate an office with an attack in it (once), run it through the whole pipeline
              into <dir>/mamori.duckdb, and serve it (no network access or root needed)
  --out       the demo's folder (default mamori-demo)
  --db        the database (created when missing) that "mamori analyze --db" or "mamori run" fill
  --host      the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for all)
  --port      default ${DEFAULT_PORT}
  --web-root  the built UI (default: the package's dist/web)

The first start creates the user "admin" with MAMORI_ADMIN_PASSWORD, or with a generated password
printed once. API tokens for integrations: Administration → API tokens, or POST /api/tokens.`;

const OPTIONS = {
  db: { type: 'string' },
  demo: { type: 'boolean' },
  out: { type: 'string', default: 'mamori-demo' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: String(DEFAULT_PORT) },
  'web-root': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length) throw new ConfigError('bad_arguments', `serve takes no positional arguments\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('bad_option', `--port takes a port number (0–65535), not ${JSON.stringify(values.port)}`);
  if (values.demo && values.db) throw new ConfigError('bad_arguments', `give --demo or --db, not both\n${USAGE}`);
  const dir = resolve(values.out!);
  const pcap = values.demo ? demoCapture(dir, (m) => process.stdout.write(m + '\n')) : undefined;
  const db = values.demo ? join(dir, 'mamori.duckdb') : values.db;
  return withStore(db, USAGE, 'create', async (store) => {
    const log = (m: string) => process.stderr.write(m + '\n');
    let status: StatusSnapshot = { sources: [], pipeline: pcap ? { state: 'loading', progress: 0, message: 'loading the demo capture' } : { state: 'idle' } };
    const server = await startApiServer({ store, host: values.host, port, status: () => status, ...(values['web-root'] ? { webRoot: values['web-root'] } : {}), log });
    process.stdout.write(`mamori: serving ${db} on ${server.url}\n`);
    if (server.initialAdmin) process.stdout.write(`first admin "${server.initialAdmin.name}", password (shown once, change it after signing in): ${server.initialAdmin.password}\n`);
    if (pcap) {
      const progress = new Progress('loading the demo');
      const r = await loadDemo(store, pcap, (done, total) => {
        progress.update(done, total);
        status = { sources: [], pipeline: { state: 'loading', progress: total ? done / total : 0, message: 'loading the demo capture' } };
      });
      progress.done();
      status = { sources: [], pipeline: { state: 'idle', message: r ? 'demo loaded' : 'demo already loaded' } };
      server.publish({ kind: 'status', data: status });
      if (r) process.stdout.write(`demo loaded: ${r.observations.toLocaleString('en')} observations, ${r.devices} devices, ${r.breaches} breaches, ${r.incidents.length} incidents in ${r.seconds.toFixed(1)} s\n`);
      else process.stdout.write('demo already loaded\n');
      process.stdout.write(`open ${server.url} and sign in as "admin"${server.initialAdmin ? ' with the password above' : ''} (Ctrl+C stops)\n`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stderr.write('mamori: stopping\n');
    await server.close();
    return 0;
  });
}
