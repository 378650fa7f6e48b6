// The alert mail as SOC teams know it: a subject with the level and title, then the sections
// (detection time, threat, what was detected, investigation, what to check, recommended actions) in
// plain text, and the same as an HTML alternative in which every value is escaped.
import type { AlertView } from '../alert-view.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LEVEL_COLOURS = { 3: '#c62828', 2: '#ef6c00', 1: '#f9a825', 0: '#607d8b' } as const;

function footer(v: AlertView): string[] {
  return v.language === 'ja'
    ? ['このメールは Mamori（ネットワーク検知・対応システム）から自動送信されています。', `通知ID：${v.id}`]
    : ['This mail was sent automatically by Mamori (network detection and response).', `Notification id: ${v.id}`];
}

export function mailText(v: AlertView): string {
  const out = [...v.greeting, ''];
  for (const s of v.sections) {
    out.push(v.language === 'ja' ? `■${s.heading}` : `== ${s.heading} ==`, ...s.lines, '');
  }
  out.push('--', ...footer(v));
  return out.join('\n') + '\n';
}

export function mailHtml(v: AlertView): string {
  const e = escapeHtml;
  const colour = LEVEL_COLOURS[v.level];
  const sections = v.sections
    .map(
      (s) =>
        `<h2 style="font-size:15px;margin:18px 0 6px;border-left:4px solid ${colour};padding-left:8px">${e(s.heading)}</h2>\n` +
        `<div style="margin:0 0 0 12px">${s.lines.map((l) => `<div style="white-space:pre-wrap">${e(l)}</div>`).join('')}</div>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${v.language}"><head><meta charset="utf-8"><title>${e(v.subject)}</title></head>`,
    '<body style="font-family:sans-serif;font-size:14px;color:#222;max-width:760px">',
    `<p style="margin:0 0 12px"><span style="background:${colour};color:#fff;padding:3px 8px;border-radius:3px;font-weight:bold">${e(v.levelName)}</span></p>`,
    `<h1 style="font-size:18px;margin:0 0 12px">${e(v.title)}</h1>`,
    `<div>${v.greeting.map((l) => (l ? `<div>${e(l)}</div>` : '<br>')).join('')}</div>`,
    sections,
    `<hr><div style="font-size:12px;color:#666">${footer(v).map((l) => `<div>${e(l)}</div>`).join('')}</div>`,
    '</body></html>',
  ].join('\n');
}

export function mailContent(v: AlertView): MailContent {
  return { subject: v.subject, text: mailText(v), html: mailHtml(v) };
}
