// A report as plain text (UTF-8): headings underlined, facts and table columns aligned by display
// width (a kanji takes two columns), charts as rows of bars. Control characters from the network
// are replaced so a hostile value cannot move the cursor or fake a line.
import type { Block, ReportDoc } from './doc.js';

/** Columns a character takes in a terminal: two for East Asian wide and full-width characters. */
function charWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    cp <= 0x115f ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

const pad = (s: string, w: number, right = false) => (right ? ' '.repeat(Math.max(0, w - displayWidth(s))) + s : s + ' '.repeat(Math.max(0, w - displayWidth(s))));

/** One line of text: no control characters (escape sequences, carriage returns) from the data. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function underline(s: string, ch: string): string[] {
  return [s, ch.repeat(Math.max(4, displayWidth(s)))];
}

function table(headers: string[], rows: string[][], numeric: readonly number[] = [], indent = ''): string[] {
  const cells = [headers, ...rows].map((r) => r.map(clean));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]) => indent + r.map((c, i) => (i === r.length - 1 && !numeric.includes(i) ? c : pad(c, widths[i]!, numeric.includes(i)))).join('  ').trimEnd();
  return [line(cells[0]!), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

function block(b: Block, indent: string): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [indent + clean(b.text), ''];
    case 'list':
      return [...b.items.map((x, i) => `${indent}${b.ordered ? `${i + 1}.` : '-'} ${clean(x)}`), ''];
    case 'steps':
      return b.items.flatMap((s, i) => [`${indent}${i + 1}. ${clean(s.question)}`, `${indent}   → ${clean(s.answer)}`]).concat('');
    case 'table':
      return [...table(b.headers, b.rows, b.numeric, indent), ''];
    case 'facts': {
      const w = Math.max(...b.facts.map((f) => displayWidth(clean(f.label))));
      return [...b.facts.map((f) => `${indent}${pad(clean(f.label), w)}  ${clean(f.value)}`), ''];
    }
    case 'group':
      return [`${indent}■ ${clean(b.heading)}`, ...b.blocks.flatMap((x) => block(x, indent + '  '))];
    case 'chart': {
      const c = b.chart;
      const totals = c.labels.map((_, i) => c.series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
      const max = Math.max(1, ...totals);
      const w = Math.max(...c.labels.map((l) => displayWidth(clean(l))));
      const legend = c.series.length > 1 ? [`${indent}  (${c.series.map((s, k) => `${'#*+=-'[k % 5]} ${clean(s.name)}`).join(', ')})`] : [];
      const rows = c.labels.map((l, i) => {
        const bars = c.series.map((s, k) => '#*+=-'[k % 5]!.repeat(Math.round(((s.values[i] ?? 0) / max) * 40))).join('');
        return `${indent}  ${pad(clean(l), w)} | ${bars} ${totals[i]}`;
      });
      return [`${indent}${clean(c.title)}`, ...legend, ...rows, ''];
    }
  }
}

export function renderText(doc: ReportDoc): string {
  const out: string[] = [...underline(`${clean(doc.kind)}: ${clean(doc.title)}`, '='), '', ...block({ kind: 'facts', facts: doc.facts }, '')];
  for (const s of doc.sections) out.push(...underline(clean(s.heading), '-'), ...s.blocks.flatMap((x) => block(x, '')));
  out.push(clean(doc.footer));
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
