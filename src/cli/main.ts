// The `mamori` command: one file per verb; this file only dispatches and reports errors.
import { MamoriError } from '../schema/errors.js';
import { actionsCommand } from './actions.js';
import { demoCommand } from './demo.js';
import { ingestCommand } from './ingest.js';
import { analyzeCommand } from './analyze.js';
import { learnCommand } from './learn.js';
import { modelsCommand } from './models.js';
import { notifyCommand } from './notify.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sensorCommand } from './sensor.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { suppressCommand } from './suppress.js';
import { tuneCommand } from './tune.js';

const USAGE = `usage: mamori <command> [options]

commands:
  demo      build a small demo capture of an office network and show what the sensor makes of it
  sensor    decode a capture (or live interface) into Zeek-compatible logs
  ingest    read Zeek logs (TSV or JSON, files or directories) into normalised logs
  simulate  write a capture of a simulated organisation, optionally with attacks
  analyze   inputs through learning and the detection models: scored, explained breaches
  learn     learn the pattern of life of the inputs and show what stands out
  models    list and show the detection models; enable, disable or tune them (kept in --db)
  suppress  hide the breaches of a model, device, peer group or destination for a while (kept in --db)
  tune      the initial-tuning report over the breaches stored by "analyze --db"
  run       run sources unattended (watched log directories, interfaces, NetFlow) from a config
  notify    send a test notification through the configured channels (e-mail, syslog, webhooks)
  report    an incident report, the daily report or the monthly summary (text, HTML or PDF; en or ja)
  actions   the response actions: list them; confirm, clear, extend or reactivate one (kept in --db)
  serve     the API and the Threat Visualizer over a database (HTTP + WebSocket)

Run "mamori <command> --help" for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  demo: demoCommand,
  sensor: sensorCommand,
  ingest: ingestCommand,
  simulate: simulateCommand,
  run: runCommand,
  learn: learnCommand,
  analyze: analyzeCommand,
  models: modelsCommand,
  suppress: suppressCommand,
  tune: tuneCommand,
  notify: notifyCommand,
  report: reportCommand,
  actions: actionsCommand,
  serve: serveCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(USAGE + '\n');
    return verb ? 0 : 2;
  }
  const cmd = COMMANDS[verb];
  if (!cmd) {
    process.stderr.write(`mamori: unknown command "${verb}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await cmd(rest);
  } catch (err) {
    if (err instanceof MamoriError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`mamori ${verb}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
