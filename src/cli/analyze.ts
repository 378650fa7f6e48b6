// `mamori analyze <capture|log file|dir ...> [--format table|json]`: inputs (pcap, pcapng, Zeek TSV or
// JSON, EVE, NetFlow; gzip or not; directories) through the sensor or ingest, entities, learning and
// the detection models, in event-time order. With --format json every breach is one JSON line, then
// every incident (the analyst's grouping of the breaches); the table lists incidents before breaches.
// With --db the store's tuning applies: model overrides before the run, suppressions (and models'
// minimum scores) on its breaches, which are counted; the other breaches are stored in the database.
import { parseArgs } from 'node:util';
import { IncidentBuilder } from '../analyst/index.js';
import { loadModels } from '../models/library.js';
import { storedBreachId, TunedRun } from '../models/tuning-store.js';
import { LearnPipeline } from '../pipeline/learn.js';
import type { Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import { BatchWriter, openStore, type StoredObservation } from '../store/index.js';
import { feedPipeline } from './feed-pipeline.js';
import { incidentJsonLine, incidentTable } from './incident-output.js';
import { entityRecords, storeIncidents } from '../pipeline/store-results.js';
import { notifyIncidents } from './notify-incidents.js';

const USAGE = `usage: mamori analyze <capture|log file|dir ...> [--format table|json] [--models <dir>] [--local-nets CIDRS] [--min-score N] [--db <file>] [--notify <config>]

Runs the inputs through the sensor or ingest, entities, learning and the detection models, in
event-time order, and prints the incidents the breaches form and the model breaches (with --format
json one JSON line per breach, then one per incident).

With --db <file> (created when missing) the tuning kept there applies: the model overrides
("mamori models") before the run, and the suppressions in force now ("mamori suppress") and the
models' minimum scores drop breaches, counted in the summary (on stderr with --format json). The
other breaches are stored in the database, for "mamori tune report", and so are the incidents;
analysing an input again replaces its breaches and incidents rather than adding copies. The devices
and external endpoints learned are stored too (for "mamori serve"); with --observations every
observation as well, so the console can search them and the analyst's investigation asks them what
the device did before and after, who else reached the destination and what its certificate says.

With --notify <config> (the channels and routes of "mamori notify") the incidents are sent by
level; with --db undelivered ones stay in the database's outbox for the next run.`;

export async function analyzeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      models: { type: 'string' },
      'local-nets': { type: 'string' },
      'min-score': { type: 'string', default: '0' },
      db: { type: 'string' },
      observations: { type: 'boolean' },
      notify: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!positionals.length) throw new ConfigError('missing_input', `give at least one input\n${USAGE}`);
  if (values.format !== 'table' && values.format !== 'json') throw new ConfigError('bad_option', '--format must be table or json');
  const store = values.db ? await openStore({ path: values.db }) : undefined;
  try {
    // suppressions in force now apply to every breach of the run, whatever its event time
    const tuned = store ? await TunedRun.open(store, loadModels(values.models), Date.now() / 1000) : undefined;
    const models = tuned?.models ?? loadModels(values.models);
    const minScore = Number(values['min-score']);
    const localNets = values['local-nets']?.split(',').filter(Boolean);
    const breaches: Breach[] = [];
    const json = values.format === 'json';
    const pipeline = new LearnPipeline({
      ...(localNets ? { localNets } : {}),
      models,
      // suppressed breaches are dropped inside the engine, before meta-models count them
      ...(tuned ? { keepBreach: (b: Breach) => tuned.keep(b) } : {}),
      onBreach: (b) => {
        if (b.score < minScore) return;
        analyst.add(b);
        storedIds?.set(b.id, storedBreachId(b));
        if (json) process.stdout.write(JSON.stringify({ kind: 'breach', ...b }) + '\n');
        else breaches.push(b);
      },
    });
    // incidents: the breaches printed, correlated; the entities and pattern of life answer the investigation
    const analyst = new IncidentBuilder(models, { context: { entities: pipeline.entities, pol: pipeline.pol } });
    const storedIds = store ? new Map<string, string>() : undefined;
    if (values.observations && !store) throw new ConfigError('bad_option', '--observations stores the observations in the --db database: give --db too');
    const observations = values.observations && store ? new BatchWriter<StoredObservation>((batch) => store.observations.append(batch), 100_000) : undefined;
    const { summary, seconds: secs } = await feedPipeline(positionals, pipeline, {
      label: 'analyze',
      localNets,
      status: () => `${pipeline.breaches} breaches`,
      ...(observations ? { tap: (o) => observations.push(o as StoredObservation) } : {}),
    });
    await Promise.all([tuned?.finish(), observations?.finish()]);
    // printed with the run's breach ids (as the breach lines); stored with the stored breach ids
    const incidents = analyst.flush(Infinity);
    if (store) {
      await storeIncidents(store, incidents, storedIds!, observations !== undefined);
      await store.entities.put(entityRecords(pipeline.entities, pipeline.pol));
    }
    if (json) for (const i of incidents) process.stdout.write(incidentJsonLine(i) + '\n');
    const tuning = tuned ? `, ${tuned.suppressed} suppressed${tuned.belowMinScore ? `, ${tuned.belowMinScore} below their model's min score` : ''}; ${tuned.stored} stored in ${values.db}` : '';
    if (json && tuned) process.stderr.write(`analyze: ${tuned.stored} breaches${tuning}\n`);
    if (json && store) process.stderr.write(`analyze: ${incidents.length} incidents stored in ${values.db}\n`);
    if (values.notify) process.stderr.write(`analyze: ${await notifyIncidents(values.notify, incidents, store)}\n`);
    if (!json) {
      process.stdout.write(`${summary.records.toLocaleString('en')} observations from ${summary.files} input(s), ${models.length} models, ${secs.toFixed(1)} s: ${breaches.length} breaches${tuning}\n\n`);
      process.stdout.write(incidentTable(incidents));
      for (const b of breaches.sort((a, c) => c.score - a.score)) {
        const when = new Date(b.time * 1000).toISOString().replace('T', ' ').slice(0, 19);
        process.stdout.write(`${String(b.score).padStart(3)}  ${when}  ${b.model_name.en}\n     ${b.device.hostname ?? b.device.ip} (${b.device.ip}) → ${b.destination?.hostname ?? b.destination?.ip ?? ''}${b.destination?.port !== undefined ? ':' + b.destination.port : ''}\n`);
        for (const r of b.reasons) process.stdout.write(`     ${r.counter ? '− against:' : '·'} ${r.metric} = ${r.value} (${r.op} ${Array.isArray(r.threshold) ? r.threshold.join('|') : r.threshold}, confidence ${r.confidence})${r.baseline ? ` — ${r.baseline}` : ''}\n`);
      }
    }
  } finally {
    await store?.close();
  }
  return 0;
}
