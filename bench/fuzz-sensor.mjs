// Long fuzz run of the capture readers and the sensor (run through bench/fuzz-sensor.sh, which
// builds dist/ first). Usage:
//   node bench/fuzz-sensor.mjs [count=1000000] [--seed N] [--workers N] [--data DIR] [--out DIR]
// Input n is a pure function of (corpus, seed, n), so any reported input can be rebuilt.
// Crashes (any exception but InputFormatError, or a conn record that breaks its schema) are saved
// as <out>/<n>.pcap with <n>.txt (stack, how the input was made, stream chunking).
// Hangs: a worker reports inputs that took over 2 s; a watchdog in the main thread kills a worker
// stuck for 20 s on one input (a synchronous loop cannot be interrupted from inside), saves that
// input and starts a new worker after it.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');
const SLOW_MS = 2000;
const KILL_MS = 20_000;
const SAVE_PER_SIGNATURE = 5; // the same bug found 10,000 times needs only a few examples

const { fuzzInput, makeSeed, runSensorOnBytes } = await import(join(dist, 'sensor/fuzz/fuzz-captures.js'));
const { demoFrames } = await import(join(dist, 'simulate/demo-office.js'));
const { pcapBytes } = await import(join(dist, 'simulate/pcap-writer.js'));

/** Seed captures: every pcap/pcapng/cap under the data dir (first 4 MB of each) plus simulated ones. */
function loadCorpus(dataDir, log) {
  const seeds = [];
  const sims = [
    { workstations: 12, seconds: 1800, seed: 7, start: 1_763_964_000 },
    { workstations: 3, seconds: 600, seed: 11, start: 1_700_000_000 },
  ];
  for (const [i, spec] of sims.entries()) seeds.push(makeSeed(`simulated-${i}`, pcapBytes(demoFrames(spec))));
  if (!existsSync(dataDir)) {
    log(`fuzz-sensor: ${dataDir} not found; using simulated captures only`);
    return seeds;
  }
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(pcap|pcapng|cap)$/i.test(e.name)) files.push(p);
    }
  };
  walk(dataDir);
  files.sort();
  for (const f of files) {
    const size = Math.min(statSync(f).size, 4 * 1024 * 1024);
    const buf = Buffer.alloc(size);
    const fd = openSync(f, 'r');
    readSync(fd, buf, 0, size, 0);
    closeSync(fd);
    if (size >= 24) seeds.push(makeSeed(relative(dataDir, f), buf));
  }
  log(`fuzz-sensor: ${seeds.length} seeds (${files.length} from ${dataDir}, ${sims.length} simulated)`);
  return seeds;
}

function signature(error) {
  const stack = String(error?.stack ?? error);
  const frames = stack.split('\n').filter((l) => l.trim().startsWith('at ')).slice(0, 3).map((l) => l.trim().replace(/:\d+\)?$/, ''));
  return `${error?.constructor?.name ?? typeof error}: ${frames.join(' | ') || stack.split('\n')[0]}`;
}

function saveInput(outDir, index, input, what) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${index}.pcap`), input.bytes);
  writeFileSync(join(outDir, `${index}.txt`), `${what}\n\ninput ${index}; made by: ${input.ops.join(' ')}\nstream chunks: ${input.chunks.length === 1 ? 'one' : input.chunks.join(',')}\n`);
  return join(outDir, `${index}.pcap`);
}

// ---------------------------------------------------------------- worker: runs its share of inputs

if (!isMainThread) {
  const { count, seed, stride, first, dataDir, outDir, slot } = workerData;
  const corpus = loadCorpus(dataDir, () => {});
  const slots = new Float64Array(workerData.shared);
  const saved = new Map();
  let done = 0;
  for (let i = first; i < count; i += stride) {
    slots[slot * 2] = i;
    slots[slot * 2 + 1] = Date.now();
    let input;
    try {
      input = fuzzInput(corpus, seed, i);
    } catch (error) {
      // a bug in the fuzzer, not the sensor: report it and go on rather than lose the worker
      parentPort.postMessage({ type: 'harness', index: i, stack: String(error?.stack ?? error) });
      continue;
    }
    const t0 = performance.now();
    const out = await runSensorOnBytes(input.bytes, { chunks: input.chunks, validate: true });
    const ms = performance.now() - t0;
    if (out.kind === 'crash') {
      const sig = signature(out.error);
      const n = (saved.get(sig) ?? 0) + 1;
      saved.set(sig, n);
      const stack = String(out.error?.stack ?? out.error);
      const path = n <= SAVE_PER_SIGNATURE ? saveInput(outDir, i, input, stack) : null;
      parentPort.postMessage({ type: 'crash', index: i, sig, stack, path });
    }
    if (ms > SLOW_MS) {
      const path = saveInput(outDir, i, input, `slow: ${ms.toFixed(0)} ms`);
      parentPort.postMessage({ type: 'slow', index: i, ms, path });
    }
    if (++done % 250 === 0) parentPort.postMessage({ type: 'progress', done: 250, last: i });
  }
  parentPort.postMessage({ type: 'progress', done: done % 250, last: count });
  slots[slot * 2 + 1] = 0;
  parentPort.postMessage({ type: 'finished' });
}

// ---------------------------------------------------------------- main: workers, watchdog, report

if (isMainThread) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    if (i < 0) return dflt;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const seed = Number(opt('--seed', '1'));
  const workers = Number(opt('--workers', String(Math.max(1, availableParallelism()))));
  const dataDir = resolve(opt('--data', resolve(here, '../../shared/data')));
  const outDir = resolve(opt('--out', '/tmp/mamori-fuzz-crashes'));
  const count = Number(args[0] ?? 1_000_000);
  const log = (s) => process.stderr.write(s + '\n');

  loadCorpus(dataDir, log); // for the message, and to fail early on a bad data dir
  const shared = new SharedArrayBuffer(8 * 2 * workers);
  const slots = new Float64Array(shared);
  const started = performance.now();
  let done = 0;
  let crashes = 0;
  let hangs = 0;
  let harnessErrors = 0;
  let incomplete = false;
  let nextReport = 10_000;
  const signatures = new Map();
  const hangList = [];
  let running = 0;
  // last input index each worker slot reported done: a killed worker's unreported inputs still count
  const lastDone = new Float64Array(workers);

  const summary = () => {
    const secs = (performance.now() - started) / 1000;
    const extra = (harnessErrors ? ` harness_errors=${harnessErrors}` : '') + (incomplete ? ' INCOMPLETE (a worker failed)' : '');
    return `fuzz-sensor: inputs=${done} crashes=${crashes} hangs=${hangs} inputs/s=${Math.round(done / secs)}${extra} (seed ${seed}, ${workers} workers, ${secs.toFixed(0)} s)`;
  };
  const finish = () => {
    for (const [sig, v] of signatures) log(`crash x${v.count}: ${sig}\n  first: input ${v.index}${v.path ? ` saved as ${v.path}` : ''}\n  ${v.stack.split('\n').slice(0, 8).join('\n  ')}`);
    for (const h of hangList) log(`hang: input ${h.index} ${h.what}${h.path ? ` saved as ${h.path}` : ''}`);
    console.log(summary());
    process.exit(crashes || hangs || harnessErrors || incomplete ? 1 : 0);
  };

  const spawn = (slot, first) => {
    running++;
    lastDone[slot] = first - workers;
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { count, seed, stride: workers, first, dataDir, outDir, slot, shared } });
    const state = { w, slot, alive: true };
    w.on('message', (m) => {
      if (m.type === 'progress') {
        done += m.done;
        lastDone[slot] = m.last;
        if (done >= nextReport) {
          log(summary());
          nextReport += 10_000;
        }
      } else if (m.type === 'crash') {
        crashes++;
        const s = signatures.get(m.sig) ?? { count: 0, index: m.index, stack: m.stack, path: m.path };
        s.count++;
        signatures.set(m.sig, s);
        if (s.count === 1) log(`CRASH on input ${m.index}: ${m.stack.split('\n')[0]}${m.path ? ` (${m.path})` : ''}`);
      } else if (m.type === 'harness') {
        if (++harnessErrors <= 3) log(`FUZZER BUG building input ${m.index}: ${m.stack}`);
      } else if (m.type === 'slow') {
        hangs++;
        hangList.push({ index: m.index, what: `took ${m.ms.toFixed(0)} ms`, path: m.path });
        log(`SLOW input ${m.index}: ${m.ms.toFixed(0)} ms (${m.path})`);
      }
    });
    w.on('error', (e) => {
      incomplete = true;
      log(`worker ${slot} failed: ${e?.stack ?? e}`);
    });
    w.on('exit', () => {
      state.alive = false;
      if (--running === 0) finish();
    });
    return state;
  };

  const states = Array.from({ length: workers }, (_, k) => spawn(k, k));
  // Watchdog: a worker stuck on one input for KILL_MS is terminated and replaced.
  setInterval(() => {
    const now = Date.now();
    for (const [k, s] of states.entries()) {
      const since = slots[k * 2 + 1];
      if (!s.alive || !since || now - since < KILL_MS) continue;
      const index = slots[k * 2];
      slots[k * 2 + 1] = 0;
      hangs++;
      done += Math.round((index - lastDone[k]) / workers); // the finished ones plus the hung one
      const corpus = loadCorpus(dataDir, () => {});
      const path = saveInput(outDir, index, fuzzInput(corpus, seed, index), `hang: still running after ${KILL_MS} ms; worker killed`);
      hangList.push({ index, what: `killed after ${KILL_MS} ms`, path });
      log(`HANG on input ${index}: killed after ${KILL_MS} ms (${path})`);
      running++; // keep finish() from firing while the replacement starts
      s.w.terminate().then(() => {
        running--;
        states[k] = spawn(k, index + workers);
      });
    }
  }, 500).unref();
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
}
