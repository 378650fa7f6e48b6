// `mamori run --config <file>`: the unattended service (see src/service/service.ts).
import { parseArgs } from 'node:util';
import { ConfigError } from '../schema/errors.js';
import { loadServiceConfig } from '../service/config.js';
import { DetectionRuntime } from '../service/detection.js';
import { Service } from '../service/service.js';

const USAGE = `usage: mamori run --config <file.yaml>

Runs the configured sources together until stopped (SIGTERM/SIGINT stop it cleanly):

  output: { dir: /var/lib/mamori/logs }
  state_dir: /var/lib/mamori/state
  poll_ms: 1000
  sources:
    - { type: directory, path: /opt/zeek/logs/current }
    - { type: interface, name: eth1 }
    - { type: netflow, listen: 0.0.0.0:2055 }
  metrics: { listen: 127.0.0.1:9108 }    # /metrics (Prometheus) and /health
  flow: { tcp_close_delay: 1 }           # seconds before a closed connection is logged (Zeek: 5)
  detect:                                # learning, models and the analyst, live, into a database
    db: /var/lib/mamori/mamori.duckdb
    local_nets: [10.0.0.0/8]
  response: /etc/mamori/response.yaml    # the response engine (src/response/README.md)
  api: { listen: 127.0.0.1:8780 }        # the Threat Visualizer and the API
  reports: { dir: /var/lib/mamori/reports, times: ['08:00', '20:00'], utc_offset: '+09:00', languages: [ja, en], formats: [html, pdf] }
  notify: { … }                          # incident notifications (src/notify/README.md)`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.config) throw new ConfigError('missing_option', `--config <file> is required\n${USAGE}`);
  const cfg = loadServiceConfig(values.config);
  const log = (m: string) => process.stderr.write(`mamori run: ${m}\n`);
  let detection: DetectionRuntime | undefined;
  const service = new Service(cfg, log, cfg.detect ? (o) => detection?.observe(o) : undefined);
  if (cfg.detect) detection = await DetectionRuntime.open(cfg, log, {}, () => service.status());
  await service.start();
  process.stderr.write(`mamori run: ${cfg.sources.length} source(s) running; output in ${cfg.output.dir}${cfg.metrics ? `; metrics on http://${cfg.metrics.listen}/metrics` : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write('mamori run: stopping (flushing and saving offsets)…\n');
      service
        .stop()
        .then(() => detection?.close())
        .then(resolve, (err: Error) => {
          log(`stopping: ${err.message}`);
          resolve();
        });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
