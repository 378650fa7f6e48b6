// Bar charts as inline SVG, written by hand: no browser, service or library needed to draw them,
// and every label escaped. Vertical bars (stacked by series) for counts over days; horizontal bars
// for ranked lists with long labels (models, devices).
import type { BarChart } from './doc.js';
import { escapeHtml } from './escape.js';

const FONT = `font-family="'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif"`;

function niceMax(n: number): number {
  if (n <= 5) return Math.max(1, n);
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const total = (c: BarChart, i: number) => c.series.reduce((n, s) => n + (s.values[i] ?? 0), 0);

/** Stacked vertical bars, one per label; labels thinned so they do not overlap. */
function vertical(c: BarChart): string {
  const W = 720;
  const H = 240;
  const left = 36;
  const bottom = 40;
  const top = 28;
  const plotH = H - top - bottom;
  const n = Math.max(1, c.labels.length);
  const slot = (W - left - 8) / n;
  const bar = Math.max(2, slot * 0.7);
  const max = niceMax(Math.max(0, ...c.labels.map((_, i) => total(c, i))));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const out: string[] = [];
  for (const t of [0, max / 2, max].filter((v) => Number.isInteger(v))) {
    out.push(`<line x1="${left}" x2="${W - 8}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 4}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#555">${t}</text>`);
  }
  const every = Math.ceil(n / 16);
  c.labels.forEach((label, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    let base = 0;
    for (const s of c.series) {
      const v = s.values[i] ?? 0;
      if (v > 0) out.push(`<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${escapeHtml(s.color)}"><title>${escapeHtml(`${label} ${s.name}: ${v}`)}</title></rect>`);
      base += v;
    }
    if (i % every === 0) out.push(`<text x="${(x + bar / 2).toFixed(1)}" y="${H - bottom + 14}" text-anchor="middle" font-size="10" fill="#333">${escapeHtml(label)}</text>`);
  });
  out.push(legend(c, left, H - 10));
  return svg(c.title, W, H, out);
}

/** Horizontal bars, one per label, largest first as given. */
function horizontal(c: BarChart): string {
  const W = 720;
  const row = 20;
  const top = 28;
  const labelW = 300;
  const H = top + c.labels.length * row + 12;
  const max = niceMax(Math.max(0, ...c.labels.map((_, i) => total(c, i))));
  const plotW = W - labelW - 60;
  const out: string[] = [];
  c.labels.forEach((label, i) => {
    const y = top + i * row;
    const shown = label.length > 44 ? `${label.slice(0, 43)}…` : label;
    out.push(`<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="11" fill="#333">${escapeHtml(shown)}<title>${escapeHtml(label)}</title></text>`);
    let base = 0;
    for (const s of c.series) {
      const v = s.values[i] ?? 0;
      if (v > 0) out.push(`<rect x="${(labelW + (base / max) * plotW).toFixed(1)}" y="${y + 3}" width="${((v / max) * plotW).toFixed(1)}" height="${row - 6}" fill="${escapeHtml(s.color)}"/>`);
      base += v;
    }
    out.push(`<text x="${(labelW + (base / max) * plotW + 4).toFixed(1)}" y="${y + 14}" font-size="11" fill="#333">${base}</text>`);
  });
  return svg(c.title, W, H, out);
}

function legend(c: BarChart, x: number, y: number): string {
  if (c.series.length < 2) return '';
  let at = x;
  return c.series
    .map((s) => {
      const item = `<rect x="${at}" y="${y - 9}" width="10" height="10" fill="${escapeHtml(s.color)}"/><text x="${at + 14}" y="${y}" font-size="11" fill="#333">${escapeHtml(s.name)}</text>`;
      at += 24 + s.name.length * 9;
      return item;
    })
    .join('');
}

function svg(title: string, w: number, h: number, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${w} ${h}" width="100%" ${FONT}><title>${escapeHtml(title)}</title><text x="0" y="16" font-size="13" font-weight="bold" fill="#222">${escapeHtml(title)}</text>${body.join('')}</svg>`;
}

export function barChartSvg(c: BarChart): string {
  return c.horizontal ? horizontal(c) : vertical(c);
}
