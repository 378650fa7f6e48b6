// A report as one self-contained HTML page: inline CSS (print-friendly: A4, no page break inside a
// table row or a breach's details), inline SVG charts, no scripts and nothing fetched. Every value
// is escaped; the page declares its language so the browser picks Japanese glyphs for ja.
import { barChartSvg } from './chart.js';
import type { Block, ReportDoc } from './doc.js';
import { escapeHtml as e } from './escape.js';
import { LEVEL_COLORS } from './wording.js';

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', 'Segoe UI', Arial, sans-serif; color: #1d2329; font-size: 10.5pt; line-height: 1.55; margin: 0 auto; max-width: 190mm; padding: 12px; }
header { border-left: 8px solid var(--level, #2f7ebc); padding: 4px 0 4px 12px; margin-bottom: 14px; }
header .kind { font-size: 9pt; color: #5b6670; text-transform: uppercase; letter-spacing: .04em; }
h1 { font-size: 16pt; margin: 2px 0 0; line-height: 1.35; }
h2 { font-size: 12.5pt; border-bottom: 2px solid #d5dbe0; padding-bottom: 2px; margin: 20px 0 8px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 14px 0 6px; background: #f2f4f6; padding: 3px 6px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 9.5pt; }
th, td { border: 1px solid #d5dbe0; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f4f6; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 4px 0 8px; }
dl.facts dt { color: #5b6670; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
section.group { break-inside: avoid; }
ol.steps li { margin-bottom: 6px; }
ol.steps .q { font-weight: 600; }
ol.steps .a { margin-left: 0; }
figure { margin: 8px 0 14px; break-inside: avoid; }
footer { margin-top: 24px; font-size: 8.5pt; color: #5b6670; border-top: 1px solid #d5dbe0; padding-top: 4px; }
`;

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${e(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</${tag}>`;
    }
    case 'steps':
      return `<ol class="steps">${b.items.map((s) => `<li><div class="q">${e(s.question)}</div><div class="a">→ ${e(s.answer)}</div></li>`).join('')}</ol>`;
    case 'table': {
      const num = new Set(b.numeric ?? []);
      const head = `<tr>${b.headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`).join('');
      return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    }
    case 'facts':
      return `<dl class="facts">${b.facts.map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`).join('')}</dl>`;
    case 'group':
      return `<section class="group"><h3>${e(b.heading)}</h3>${b.blocks.map(block).join('')}</section>`;
    case 'chart':
      return `<figure>${barChartSvg(b.chart)}</figure>`;
  }
}

export function renderHtml(doc: ReportDoc): string {
  const color = doc.level !== undefined ? LEVEL_COLORS[doc.level] : '#2f7ebc';
  const sections = doc.sections.map((s) => `<section id="${e(s.id)}"><h2>${e(s.heading)}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(`${doc.kind}: ${doc.title}`)}</title>
<style>${CSS}</style>
</head>
<body style="--level: ${color}">
<header><div class="kind">${e(doc.kind)}</div><h1>${e(doc.title)}</h1></header>
${block({ kind: 'facts', facts: doc.facts })}
${sections}
<footer>${e(doc.footer)}</footer>
</body>
</html>
`;
}
