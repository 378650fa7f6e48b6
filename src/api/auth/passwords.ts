// Password hashes: scrypt (memory-hard, in node:crypto) with a random 16-byte salt per user and the
// cost parameters stored beside the hash, so the cost can be raised later without breaking old
// hashes. Compared in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface PasswordHash {
  alg: 'scrypt';
  /** CPU/memory cost (2^15: about 32 MiB and tens of milliseconds per check) */
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64, 64 bytes */
  hash: string;
}

const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 64;
/** a password shorter than this is refused: the first line of defence is not guessable */
export const MIN_PASSWORD_LENGTH = 10;
/** scrypt's own memory bound must exceed 128·N·r (32 MiB at N = 2^15) */
const MAXMEM = 128 * 1024 * 1024;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: MAXMEM };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return { alg: 'scrypt', ...COST, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.alg !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing, checked when the user does not exist so that timing does not tell who exists. */
let decoy: Promise<PasswordHash> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}

/** A password for the first admin: 18 random bytes, URL-safe (24 characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
