// Every value that reaches HTML or SVG goes through here: hostnames, user agents, certificate
// subjects and JSON come from the network and must never become markup.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  // control characters other than tab and newline have no place in a report
  // eslint-disable-next-line no-control-regex
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}
