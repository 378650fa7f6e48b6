// Just enough MIME reading for tests to check what a local SMTP server received: unfolded headers
// with RFC 2047 encoded words decoded, and the text of every part (quoted-printable or base64).
export interface DecodedMail {
  headers: Map<string, string[]>;
  /** the decoded bodies of the leaf parts with their content types */
  parts: { type: string; body: string }[];
}

function decodeQp(s: string): Buffer {
  const bytes: number[] = [];
  const t = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      bytes.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(t[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

export function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, _cs: string, enc: string, text: string) =>
    (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQp(text.replace(/_/g, ' '))).toString('utf8'),
  );
}

function splitHead(raw: string): [Map<string, string[]>, string] {
  const i = raw.search(/\r?\n\r?\n/);
  const head = i < 0 ? raw : raw.slice(0, i);
  const body = i < 0 ? '' : raw.slice(i).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const k = line.slice(0, c).trim().toLowerCase();
    headers.set(k, [...(headers.get(k) ?? []), decodeWords(line.slice(c + 1).trim())]);
  }
  return [headers, body];
}

function leaves(raw: string, out: DecodedMail['parts']): void {
  const [h, body] = splitHead(raw);
  const type = h.get('content-type')?.[0] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      leaves(part.replace(/^\r?\n/, ''), out);
    }
    return;
  }
  const cte = (h.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  const decoded = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : cte === 'quoted-printable' ? decodeQp(body) : Buffer.from(body, 'utf8');
  out.push({ type: type.split(';')[0]!.trim().toLowerCase(), body: decoded.toString('utf8') });
}

export function decodeMail(raw: string): DecodedMail {
  const [headers] = splitHead(raw);
  const parts: DecodedMail['parts'] = [];
  leaves(raw, parts);
  return { headers, parts };
}
