#!/usr/bin/env node
// Entry point for the `mamori` command: runs the compiled CLI from dist/ (built by `npm ci` via `prepare`).
import { main } from '../dist/cli/main.js';
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mamori: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
