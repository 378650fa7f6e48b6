// Zeek's rdp/consts.zeek names for the numeric fields of rdp.log.

export const SECURITY_PROTOCOLS: Record<number, string> = { 0: 'RDP', 1: 'SSL', 2: 'HYBRID', 4: 'RDSTLS', 8: 'HYBRID_EX' };

export const FAILURE_CODES: Record<number, string> = {
  1: 'SSL_REQUIRED_BY_SERVER', 2: 'SSL_NOT_ALLOWED_BY_SERVER', 3: 'SSL_CERT_NOT_ON_SERVER', 4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER', 6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

export const RESULTS: Record<number, string> = {
  0: 'Success', 1: 'User rejected', 2: 'Resources not available', 3: 'Rejected for symmetry breaking', 4: 'Locked conference',
};

export const BUILDS: Record<number, string> = {
  2195: 'RDP 5.0', 2600: 'RDP 5.1', 3790: 'RDP 5.2', 6000: 'RDP 6.0', 6001: 'RDP 6.1', 6002: 'RDP 6.2', 7600: 'RDP 7.0',
  7601: 'RDP 7.1', 9200: 'RDP 8.0', 9600: 'RDP 8.1', 10240: 'RDP 10.0', 10586: 'RDP 10.1', 14393: 'RDP 10.2', 15063: 'RDP 10.3',
  16299: 'RDP 10.4', 17134: 'RDP 10.5', 17763: 'RDP 10.6', 18362: 'RDP 10.7', 19041: 'RDP 10.8', 25189: 'RDP 8.0 (Mac)', 25282: 'RDP 8.0 (Mac)',
};

export const ENCRYPTION_METHODS: Record<number, string> = { 0: 'None', 1: '40bit', 2: '128bit', 8: '56bit', 0x10: 'FIPS' };
export const ENCRYPTION_LEVELS: Record<number, string> = { 0: 'None', 1: 'Low', 2: 'Client compatible', 3: 'High', 4: 'FIPS' };
export const COLOR_DEPTHS: Record<number, string> = { 0x4: '4bit', 0x8: '8bit', 0xf: '15bit', 0x10: '16bit', 0x18: '24bit' };

/** Keyboard layouts (Windows LCIDs) as Zeek names them; the most common ones. */
export const LANGUAGES: Record<number, string> = {
  0x0401: 'Arabic - Saudi Arabia', 0x0402: 'Bulgarian', 0x0403: 'Catalan', 0x0404: 'Chinese - Taiwan', 0x0405: 'Czech', 0x0406: 'Danish',
  0x0407: 'German - Germany', 0x0408: 'Greek', 0x0409: 'English - United States', 0x040a: 'Spanish - Traditional Sort', 0x040b: 'Finnish',
  0x040c: 'French - France', 0x040d: 'Hebrew', 0x040e: 'Hungarian', 0x040f: 'Icelandic', 0x0410: 'Italian - Italy', 0x0411: 'Japanese',
  0x0412: 'Korean', 0x0413: 'Dutch - Netherlands', 0x0414: 'Norwegian (Bokmal)', 0x0415: 'Polish', 0x0416: 'Portuguese - Brazil',
  0x0418: 'Romanian', 0x0419: 'Russian', 0x041a: 'Croatian', 0x041b: 'Slovak', 0x041d: 'Swedish', 0x041e: 'Thai', 0x041f: 'Turkish',
  0x0422: 'Ukrainian', 0x0424: 'Slovenian', 0x0425: 'Estonian', 0x0426: 'Latvian', 0x0427: 'Lithuanian', 0x042a: 'Vietnamese',
  0x0439: 'Hindi', 0x0804: 'Chinese - PRC', 0x0807: 'German - Switzerland', 0x0809: 'English - United Kingdom', 0x080a: 'Spanish - Mexico',
  0x080c: 'French - Belgium', 0x0810: 'Italian - Switzerland', 0x0813: 'Dutch - Belgium', 0x0816: 'Portuguese - Portugal',
  0x0c07: 'German - Austria', 0x0c09: 'English - Australia', 0x0c0a: 'Spanish - Modern Sort', 0x0c0c: 'French - Canada',
  0x1009: 'English - Canada', 0x100c: 'French - Switzerland', 0x1409: 'English - New Zealand', 0x1809: 'English - Ireland',
};

/** Zeek's keyboard_layout: the exact LCID, else the language of its low 16 bits "(Best Guess for n)". */
export function keyboardLayout(n: number): string {
  const exact = LANGUAGES[n];
  if (exact) return exact;
  const guess = LANGUAGES[n & 0xffff];
  return guess ? `${guess} (Best Guess for ${n})` : `keyboard-${n.toString(16)}`;
}
