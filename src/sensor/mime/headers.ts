// MIME header values Zeek's scripts read: the file name of an entity (smtp/entities.zeek and
// utils/files.zeek's extract_filename_from_content_disposition).

/** Zeek's unescape_URI: %XX sequences decoded, anything else kept. */
export function unescapeUri(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The name after the last `name=` (or `name*=`), unquoted, without an RFC 2231 charset'lang' prefix. */
export function filenameFromDisposition(value: string): string {
  let f = value;
  const m = /^.*[nN][aA][mM][eE][ \t]*\*?=[ \t]*/.exec(f);
  if (m) f = f.slice(m[0].length);
  if (f.startsWith('"')) f = f.split('"')[1] ?? '';
  const lang = /^[a-zA-Z0-9!#$%&+\-^_`{}~]+'[a-zA-Z0-9!#$%&+\-^_`{}~]*'/.exec(f);
  if (lang) f = f.slice(lang[0].length);
  return unescapeUri(f);
}

/**
 * The file name of an entity from its headers (names upper case): Content-Disposition's filename=,
 * else Content-Type's name= (Zeek's SMTP takes whichever of the two it sees; the disposition normally
 * comes last, so it wins here).
 */
export function entityFilename(headers: ReadonlyMap<string, string>): string | undefined {
  const cd = headers.get('CONTENT-DISPOSITION');
  if (cd !== undefined && /filename/i.test(cd)) return filenameFromDisposition(cd);
  const ct = headers.get('CONTENT-TYPE');
  if (ct !== undefined && /name[ \t]*=/i.test(ct)) return filenameFromDisposition(ct);
  return undefined;
}
