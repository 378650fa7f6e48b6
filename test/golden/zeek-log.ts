// Reads the logs Zeek wrote in its own test baselines: TSV with #fields headers, or the header-line
// tables that zeek-cut leaves (first non-comment line names the columns).
import { readFileSync } from 'node:fs';

export interface ZeekTable {
  fields: string[];
  rows: string[][];
}

export function readZeekTsv(path: string): ZeekTable {
  const lines = readFileSync(path, 'utf8').split('\n');
  let fields: string[] | null = null;
  const rows: string[][] = [];
  for (const line of lines) {
    if (!line) continue;
    if (line.startsWith('#fields\t')) {
      fields = line.split('\t').slice(1);
      continue;
    }
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (!fields) {
      fields = cols; // zeek-cut output: the first line is the header
      continue;
    }
    rows.push(cols);
  }
  return { fields: fields ?? [], rows };
}
