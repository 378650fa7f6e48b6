// Webhook bodies: generic JSON (the notification itself plus the alert's words), Slack (Block Kit
// blocks with a coloured attachment) and Microsoft Teams (an Adaptive Card in a message, which
// Teams workflows and connectors accept). Chat markup in values is escaped so a hostile hostname
// cannot become a link, a mention or formatting.
import type { AlertView } from '../alert-view.js';
import type { Notification } from '../types.js';

export type WebhookFlavor = 'json' | 'slack' | 'teams';

const COLOURS = { 3: '#c62828', 2: '#ef6c00', 1: '#f9a825', 0: '#607d8b' } as const;

export function jsonPayload(n: Notification, v: AlertView): Record<string, unknown> {
  return {
    type: 'mamori.notification',
    version: 1,
    id: n.id,
    kind: n.kind,
    level: n.level,
    level_name: v.levelName,
    language: v.language,
    created: new Date(Math.round(n.created * 1000)).toISOString(),
    title: v.title,
    summary: v.summary,
    sections: v.sections.map((s) => ({ id: s.id, heading: s.heading, lines: s.lines })),
    ...(n.kind === 'incident' ? { incident: n.incident } : n.kind === 'breach' ? { breach: n.breach } : { system: n.system }),
  };
}

/** Slack mrkdwn: `&`, `<` and `>` are the control characters (links, mentions); Slack asks for these three escapes. */
export function slackEscape(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');

export function slackPayload(n: Notification, v: AlertView): Record<string, unknown> {
  const e = slackEscape;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`[${v.levelName}] ${v.title}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(e(v.summary), 3000) } },
    { type: 'section', fields: v.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: cut(`*${e(f.label)}*\n${e(f.value)}`, 2000) })) },
  ];
  for (const s of v.sections) {
    if (s.id === 'time' || s.id === 'threat') continue; // in the facts above
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*${e(s.heading)}*\n${s.lines.map(e).join('\n')}`, 3000) } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(`Mamori · ${e(n.id)}`, 3000) }] });
  return {
    text: v.subject,
    blocks,
    attachments: [{ color: COLOURS[n.level], fallback: v.subject }],
  };
}

/**
 * Adaptive Card markdown: backslash-escape the characters that make emphasis, code, links and
 * (`{{…}}`) template functions, so text shows as written. List markers at a line start are left
 * alone: our own lines are numbered lists on purpose.
 */
export function teamsEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>~]/g, (c) => '\\' + c);
}

export function teamsPayload(n: Notification, v: AlertView): Record<string, unknown> {
  const e = teamsEscape;
  const body: unknown[] = [
    { type: 'TextBlock', text: e(v.levelName), weight: 'Bolder', color: n.level >= 2 ? 'Attention' : n.level === 1 ? 'Warning' : 'Default' },
    { type: 'TextBlock', text: e(v.title), size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: e(v.summary), wrap: true },
    { type: 'FactSet', facts: v.facts.map((f) => ({ title: e(f.label), value: e(f.value) })) },
  ];
  for (const s of v.sections) {
    if (s.id === 'time' || s.id === 'threat') continue;
    body.push({ type: 'TextBlock', text: e(s.heading), weight: 'Bolder', spacing: 'Medium', wrap: true });
    body.push({ type: 'TextBlock', text: s.lines.map(e).join('\n\n'), wrap: true, spacing: 'Small' });
  }
  body.push({ type: 'TextBlock', text: e(`Mamori · ${n.id}`), isSubtle: true, size: 'Small', wrap: true });
  return {
    type: 'message',
    summary: v.subject,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body },
      },
    ],
  };
}

export function webhookPayload(flavor: WebhookFlavor, n: Notification, v: AlertView): Record<string, unknown> {
  return flavor === 'slack' ? slackPayload(n, v) : flavor === 'teams' ? teamsPayload(n, v) : jsonPayload(n, v);
}
