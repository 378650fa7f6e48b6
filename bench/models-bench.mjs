// Cost of the models stage (issue 6: "models add at most 30% to the learning stage's cost").
// One simulated capture (with the labelled attacks, so models have something to hold on) is written
// and decoded once into an in-memory array of observations; then, in one process and alternating
// (ABBA order, after one untimed warm-up of each), the same observations go through
//   (a) LearnPipeline without models   (entities → pattern of life → metrics)
//   (b) LearnPipeline with loadModels() (the same, plus ModelEngine on every observation)
// with finish() at the end. Reports median wall and CPU seconds, observations/s, the models' added
// cost as a percentage of (a), breaches and models; then two instrumented runs of (b): one times the
// engine as a whole, one each model alone (the pipeline's engine replaced, at runtime, by one engine
// per model; timer overhead included, so the per-model figures are shares, not exact costs).
// Decoding and simulation are outside the timed sections; loading the models is too.
//
// Usage: npx tsc -p tsconfig.build.json && node bench/models-bench.mjs [devices=40] [days=2] [runs=7]
// Writes bench/results/models-bench.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ModelEngine } from '../dist/models/engine.js';
import { loadModels } from '../dist/models/library.js';
import { LearnPipeline } from '../dist/pipeline/learn.js';
import { readInputs } from '../dist/pipeline/read-inputs.js';
import { DEFAULT_SENSOR_OPTIONS } from '../dist/sensor/sensor.js';
import { simulate } from '../dist/simulate/simulate.js';

const devices = Number(process.argv[2] ?? 40);
const days = Number(process.argv[3] ?? 2);
const runs = Math.max(3, Number(process.argv[4] ?? 7));
const seed = 7;
const attacks = ['beacon', 'scan', 'lateral-movement', 'kerberoast', 'dns-tunnel'];
const start = Date.parse('2026-11-02T00:00:00Z') / 1000;
const TARGET_PERCENT = 30;

// a full collection before each timed run, so one run's garbage is not collected during the next
setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? runInNewContext('gc');
// garbage collection pauses, attributed afterwards to the run they fell in (entries arrive late)
const gcPauses = [];
const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => [e.startTime, e.duration])));
gcObserver.observe({ entryTypes: ['gc'] });

const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r3 = (x) => Math.round(x * 1000) / 1000;

// --- input, once ---------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'mamori-models-bench-'));
const pcap = join(dir, 'capture.pcap');
let t = process.hrtime.bigint();
const sim = simulate({ devices, days, seed, attacks, start }, pcap);
const simSeconds = secs(t);
const observations = [];
t = process.hrtime.bigint();
const summary = await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => observations.push(o), onQuarantine: () => undefined });
const decodeSeconds = secs(t);
rmSync(dir, { recursive: true, force: true });
const byType = {};
for (const o of observations) byType[o.type] = (byType[o.type] ?? 0) + 1;
const models = loadModels();
const enabled = models.filter((m) => m.enabled);
console.error(`capture: ${devices} devices, ${days} days, seed ${seed}, ${sim.packets} packets, ${observations.length} observations (${simSeconds.toFixed(1)} s to simulate, ${decodeSeconds.toFixed(1)} s to decode); ${models.length} models (${enabled.length} enabled)`);

// --- timed runs ----------------------------------------------------------------------------
function run(withModels) {
  gc();
  const p = new LearnPipeline(withModels ? { models } : {});
  const c0 = process.cpuUsage();
  const from = performance.now();
  const t0 = process.hrtime.bigint();
  for (const o of observations) p.push(o);
  p.finish();
  const seconds = secs(t0);
  const cu = process.cpuUsage(c0);
  return { seconds, cpu: (cu.user + cu.system) / 1e6, span: [from, performance.now()], breaches: p.breaches, observations: p.observations };
}

const timed = { a: [], b: [] };
const warm = { a: run(false), b: run(true) };
console.error(`warm-up: without models ${warm.a.seconds.toFixed(2)} s, with models ${warm.b.seconds.toFixed(2)} s`);
for (let i = 0; i < runs; i++) {
  // ABBA: a drift in machine load over the runs falls on both sides equally
  for (const k of i % 2 ? ['b', 'a'] : ['a', 'b']) {
    const r = run(k === 'b');
    timed[k].push(r);
    console.error(`run ${i + 1} ${k === 'a' ? 'without models' : 'with models   '} ${r.seconds.toFixed(3)} s (cpu ${r.cpu.toFixed(3)} s)${k === 'b' ? `, ${r.breaches} breaches` : ''}`);
  }
}
// the pipeline must not change the observations it is fed: every run sees the same input and result
const stable = (xs, f) => new Set(xs.map(f)).size === 1;
if (!stable([warm.a, warm.b, ...timed.a, ...timed.b], (r) => r.observations) || !stable([warm.b, ...timed.b], (r) => r.breaches)) {
  console.error('warning: observation or breach counts differ between runs; the input is not replayed identically');
}

await new Promise((resolve) => setTimeout(resolve, 50));
const gcSeconds = (r) => gcPauses.filter(([s]) => s >= r.span[0] && s <= r.span[1]).reduce((n, [, d]) => n + d, 0) / 1000;
const summarise = (rs) => {
  const s = median(rs.map((r) => r.seconds));
  return {
    median_seconds: r3(s),
    median_cpu_seconds: r3(median(rs.map((r) => r.cpu))),
    median_gc_seconds: r3(median(rs.map(gcSeconds))),
    observations_per_second: Math.round(rs[0].observations / s),
    runs_seconds: rs.map((r) => r3(r.seconds)),
  };
};
const a = summarise(timed.a);
const b = { ...summarise(timed.b), breaches: timed.b[0].breaches };
const added = (100 * (b.median_seconds - a.median_seconds)) / a.median_seconds;
const addedCpu = (100 * (b.median_cpu_seconds - a.median_cpu_seconds)) / a.median_cpu_seconds;
// each round's (b) against the (a) run next to it: less sensitive to load changing over the runs
const addedPaired = 100 * (median(timed.b.map((r, i) => r.seconds / timed.a[i].seconds)) - 1);

// --- instrumented runs: where the models' time goes -----------------------------------------
// LearnPipeline keeps its ModelEngine in the (TypeScript-private) `engine` field; replacing its
// evaluate at runtime needs no change to src/. Skipped if the field is not there.
function instrumented(wrap) {
  gc();
  const p = new LearnPipeline({ models });
  if (!p.engine || typeof p.engine.evaluate !== 'function') return null;
  const orig = p.engine.evaluate.bind(p.engine);
  p.engine.evaluate = wrap(orig);
  const t0 = process.hrtime.bigint();
  for (const o of observations) p.push(o);
  p.finish();
  return { seconds: secs(t0), breaches: p.breaches };
}
let engineSeconds = 0;
let engineCalls = 0;
const whole = instrumented((orig) => (obs, ctx, ms) => {
  const t0 = performance.now();
  const out = orig(obs, ctx, ms);
  engineSeconds += (performance.now() - t0) / 1000;
  engineCalls++;
  return out;
});
let perModel = null;
let notBrokenDown = [];
if (whole) {
  // one engine per model: state is keyed by model id, so each one alone behaves as it does among
  // the others. Every engine sees every observation (per-device state such as last-seen times stays
  // the same), but only calls for the types a model listens to are timed. Models that listen to
  // other models' breaches (`on: breach`) are fed inside the whole engine only: not broken down.
  const per = models.filter((m) => m.enabled && !m.on.includes('breach')).map((m) => ({ m, engine: new ModelEngine([m]), seconds: 0, evaluated: 0, breaches: 0 }));
  instrumented(() => (obs, ctx, ms) => {
    const out = [];
    for (const x of per) {
      if (!x.m.on.includes(obs.type)) {
        out.push(...x.engine.evaluate(obs, ctx, ms));
        continue;
      }
      const t0 = performance.now();
      const bs = x.engine.evaluate(obs, ctx, ms);
      x.seconds += (performance.now() - t0) / 1000;
      x.evaluated++;
      x.breaches += bs.length;
      out.push(...bs);
    }
    return out;
  });
  notBrokenDown = models.filter((m) => m.enabled && m.on.includes('breach')).map((m) => m.id);
  const total = per.reduce((n, x) => n + x.seconds, 0);
  perModel = per
    .sort((x, y) => y.seconds - x.seconds)
    .map((x) => ({
      model: x.m.id,
      on: x.m.on.join(','),
      observations_evaluated: x.evaluated,
      ms: r3(x.seconds * 1000),
      share_percent: +((100 * x.seconds) / total).toFixed(1),
      microseconds_per_evaluation: x.evaluated ? r3((x.seconds * 1e6) / x.evaluated) : 0,
      breaches: x.breaches,
    }));
}

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
let revision = 'unknown';
try {
  revision = execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // not a git checkout
}
const result = {
  date: new Date().toISOString(),
  revision,
  command: `node bench/models-bench.mjs ${devices} ${days} ${runs}`,
  host: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, load_average_at_end: loadavg().map((x) => +x.toFixed(2)) },
  capture: { devices, days, seed, attacks, packets: sim.packets, labels: sim.labels.length, simulate_seconds: r3(simSeconds), decode_seconds: r3(decodeSeconds) },
  observations: observations.length,
  observation_types: Object.fromEntries(Object.entries(byType).sort((x, y) => y[1] - x[1])),
  quarantined: summary.quarantined,
  models: models.length,
  models_enabled: enabled.length,
  runs_each: runs,
  without_models: a,
  with_models: b,
  models_added_cost_percent: +added.toFixed(1),
  models_added_cost_percent_cpu: +addedCpu.toFixed(1),
  models_added_cost_percent_paired: +addedPaired.toFixed(1),
  target_percent: TARGET_PERCENT,
  within_target: added <= TARGET_PERCENT,
  // inside one instrumented run (one timer around each evaluate call): the engine alone, without the
  // context LearnPipeline builds for it (peer hostname lookup)
  engine: whole ? { seconds: r3(engineSeconds), calls: engineCalls, microseconds_per_call: r3((engineSeconds * 1e6) / engineCalls), percent_of_without_models: +((100 * engineSeconds) / a.median_seconds).toFixed(1) } : null,
  per_model: perModel,
  per_model_not_broken_down: notBrokenDown,
};

console.log(`observations      ${result.observations}`);
console.log(`without models    ${a.median_seconds.toFixed(3)} s median of ${runs} (cpu ${a.median_cpu_seconds.toFixed(3)} s, gc ${a.median_gc_seconds.toFixed(3)} s), ${a.observations_per_second.toLocaleString('en')} obs/s`);
console.log(`with ${String(models.length).padStart(2)} models    ${b.median_seconds.toFixed(3)} s median of ${runs} (cpu ${b.median_cpu_seconds.toFixed(3)} s, gc ${b.median_gc_seconds.toFixed(3)} s), ${b.observations_per_second.toLocaleString('en')} obs/s, ${b.breaches} breaches`);
console.log(`models add        ${result.models_added_cost_percent}% wall (${result.models_added_cost_percent_paired}% median of paired runs), ${result.models_added_cost_percent_cpu}% cpu (target ≤ ${TARGET_PERCENT}%: ${result.within_target ? 'met' : 'NOT met'})`);
if (result.engine) console.log(`engine alone      ${result.engine.seconds} s in ${result.engine.calls} calls (${result.engine.microseconds_per_call} µs/call, instrumented run)`);
if (perModel) console.table(perModel);
if (notBrokenDown.length) console.log(`not broken down (fed other models' breaches inside the engine): ${notBrokenDown.join(' ')}`);

const out = join(repo, 'bench', 'results', 'models-bench.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
console.error(`written ${out}`);
gcObserver.disconnect();
