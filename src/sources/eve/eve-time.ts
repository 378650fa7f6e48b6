// EVE timestamps ("2021-06-06T15:57:37.272281+0200": local time with a ±HHMM offset, microseconds)
// to epoch seconds. Date.parse would drop the microseconds (and older engines reject "+0200"), so
// the text is taken apart here, by hand because a flow line carries three of them: the result is
// exact to the microsecond. Also accepted: "Z", "+02:00", no zone (UTC), a space for the "T", and
// 0–9 fraction digits.

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Microseconds since the epoch, or undefined when the text is not an EVE/ISO 8601 time. */
export function eveMicros(s: string): number | undefined {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 32) return undefined; // 'T' or ' '
  const y = digits(s, 0, 4);
  const mon = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const min = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || h < 0 || h > 23 || min < 0 || min > 59 || sec < 0 || sec > 60) return undefined;
  let i = 19;
  let frac = 0;
  if (s.charCodeAt(i) === 46) {
    // '.': up to 9 digits, kept to the microsecond
    i++;
    const start = i;
    let scale = 100000;
    for (; i < s.length && i - start < 9; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      frac += d * scale;
      scale /= 10;
    }
    if (i === start) return undefined;
    frac = Math.floor(frac + 1e-6);
  }
  let offset = 0;
  if (i < s.length) {
    const z = s.charCodeAt(i);
    if (z === 90 && i + 1 === s.length) {
      // 'Z'
    } else if (z === 43 || z === 45) {
      const rest = s.length - i - 1;
      const hh = digits(s, i + 1, 2);
      const mm = rest === 4 ? digits(s, i + 3, 2) : rest === 5 && s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : -1;
      if (hh < 0 || mm < 0) return undefined;
      offset = (z === 45 ? -1 : 1) * (hh * 3600 + mm * 60);
    } else return undefined;
  }
  const secs = daysFromCivil(y, mon, day) * 86400 + h * 3600 + min * 60 + sec - offset;
  return secs * 1e6 + frac;
}

/** Epoch seconds (microsecond resolution), or undefined. */
export function eveTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const us = eveMicros(v);
  return us === undefined ? undefined : us / 1e6;
}
