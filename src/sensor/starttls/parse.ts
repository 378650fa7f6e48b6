// Recognising the plaintext start of POP3, IMAP, IRC and XMPP and the moment each upgrades to TLS
// (STLS / STARTTLS / RPL_STARTTLS 670 / <proceed/>). Pure functions over the bytes seen so far.

export type TextProtocol = 'pop3' | 'imap' | 'irc' | 'xmpp';

const ascii = (b: Buffer, n = 512) => b.toString('latin1', 0, Math.min(b.length, n));

/** Which protocol the first bytes of each side show, or null (not decided or none of these). */
export function recognise(orig: Buffer, resp: Buffer): TextProtocol | null {
  const o = ascii(orig);
  const r = ascii(resp);
  if (/^\+OK[ \r\n]/.test(r) && (o === '' || /^(USER|CAPA|STLS|APOP|AUTH|QUIT)\b/i.test(o))) return 'pop3';
  if (/^\* (OK|PREAUTH)[ \r\n]/i.test(r) && (o === '' || /^[A-Za-z0-9.]+ (CAPABILITY|STARTTLS|LOGIN|AUTHENTICATE)\b/i.test(o))) return 'imap';
  if (/^(CAP LS|NICK |USER |PASS |STARTTLS)/.test(o) && (r === '' || /^:\S+ (NOTICE|CAP|\d{3}) /.test(r))) return 'irc';
  if (/^(<\?xml[^>]*\?>\s*)?<stream:stream[\s>]/.test(o)) return 'xmpp';
  return null;
}

/** The client's request to upgrade, in a chunk of its bytes. */
export function upgradeRequested(p: TextProtocol, clientText: string): boolean {
  switch (p) {
    case 'pop3':
      return /^STLS\r?$/im.test(clientText);
    case 'imap':
      return /^[A-Za-z0-9.]+ STARTTLS\r?$/im.test(clientText);
    case 'irc':
      return /^STARTTLS\r?$/m.test(clientText);
    case 'xmpp':
      return /<starttls[\s/>]/.test(clientText);
  }
}

/** The server's consent to upgrade, in a chunk of its bytes (after the client asked). */
export function upgradeGranted(p: TextProtocol, serverText: string): boolean {
  switch (p) {
    case 'pop3':
      return /^\+OK/m.test(serverText);
    case 'imap':
      return /^[A-Za-z0-9.]+ OK/im.test(serverText);
    case 'irc':
      return /^:\S+ 670 /m.test(serverText);
    case 'xmpp':
      return /<proceed[\s/>]/.test(serverText);
  }
}
