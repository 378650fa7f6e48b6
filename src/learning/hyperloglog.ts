// HyperLogLog (Flajolet et al. 2007) over 32-bit hashes, precision HLL_PRECISION (4096 one-byte
// registers, ≈1.6 % standard error): "how many distinct devices reached X" in 4 KiB however many
// did. The harmonic sum is kept incrementally as an exact integer (Σ 2^(MAX_RANK − register)), so an
// estimate costs O(1), which matters because metrics ask on every observation, and it does not
// depend on the order registers were raised in (a restored sketch estimates bit-identically).
import { HLL_PRECISION } from './parameters.js';

const P = HLL_PRECISION;
const M = 1 << P;
/** A 32-bit hash leaves 32 − P bits for the rank: ranks are 1..MAX_RANK. */
const MAX_RANK = 32 - P + 1;
const ALPHA = 0.7213 / (1 + 1.079 / M);
const TWO_32 = 2 ** 32;

export class HyperLogLog {
  /** Σ 2^(MAX_RANK − r) over registers r: an integer below 2^33, exact in a double */
  private sum = M * 2 ** MAX_RANK;
  private zeros = M;

  constructor(readonly registers: Uint8Array = new Uint8Array(M)) {
    if (registers.length !== M) throw new RangeError(`a HyperLogLog of precision ${P} has ${M} registers, not ${registers.length}`);
    if (registers.some((r) => r !== 0)) this.recount();
  }

  /** Adds an unsigned 32-bit hash; true when a register rose (the estimate may have changed). */
  add(hash: number): boolean {
    const idx = hash >>> (32 - P);
    const rest = (hash << P) >>> 0;
    const rank = rest === 0 ? MAX_RANK : Math.clz32(rest) + 1;
    const old = this.registers[idx]!;
    if (rank <= old) return false;
    this.registers[idx] = rank;
    this.sum += 2 ** (MAX_RANK - rank) - 2 ** (MAX_RANK - old);
    if (old === 0) this.zeros--;
    return true;
  }

  estimate(): number {
    const raw = (ALPHA * M * M) / (this.sum / 2 ** MAX_RANK);
    // small range: linear counting is more accurate while registers are still empty
    if (raw <= 2.5 * M && this.zeros > 0) return M * Math.log(M / this.zeros);
    // large range: 32-bit hash collisions
    if (raw > TWO_32 / 30) return -TWO_32 * Math.log(1 - raw / TWO_32);
    return raw;
  }

  /** Union: register-wise maximum. */
  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++) if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!;
    this.recount();
  }

  clone(): HyperLogLog {
    return new HyperLogLog(this.registers.slice());
  }

  private recount(): void {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i]!;
      sum += 2 ** (MAX_RANK - r);
      if (r === 0) zeros++;
    }
    this.sum = sum;
    this.zeros = zeros;
  }

  toState(): string {
    return Buffer.from(this.registers.buffer, this.registers.byteOffset, this.registers.byteLength).toString('base64');
  }

  static fromState(s: string): HyperLogLog {
    return new HyperLogLog(new Uint8Array(Buffer.from(s, 'base64')));
  }
}
