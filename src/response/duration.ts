// Durations as people write them in the config and on the command line: `90s`, `30m`, `2h`, `1d`, `1w`.
import { ConfigError } from '../schema/errors.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i;

/** Seconds, or undefined when the text is not a positive duration. */
export function durationSeconds(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? text : undefined;
  const m = PATTERN.exec(text);
  const secs = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  return secs > 0 ? Math.round(secs) || undefined : undefined;
}

/** Like durationSeconds, but a ConfigError naming where the bad value came from. */
export function parseDuration(text: string | number, where: string): number {
  const s = durationSeconds(text);
  if (s === undefined) throw new ConfigError('bad_duration', `${where} takes a duration like 30m, 2h or 1d (or seconds), not ${JSON.stringify(text)}`);
  return s;
}

/** 7200 → `2h`, 5400 → `90m`, 45 → `45s`: the largest unit that divides it. */
export function formatDuration(seconds: number): string {
  for (const [u, n] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds >= n && seconds % n === 0) return `${seconds / n}${u}`;
  return `${Math.round(seconds)}s`;
}
