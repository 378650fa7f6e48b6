// Connection uids in Zeek's form ("C" + base62), deterministic for a given input so that replaying a
// capture gives the same uids (and everything downstream that cites them).
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class UidGenerator {
  private state: number;
  constructor(seed = 0x9e3779b9, private readonly prefix = 'C') {
    this.state = seed >>> 0;
  }

  /** splitmix32 */
  private next32(): number {
    let z = (this.state = (this.state + 0x9e3779b9) >>> 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  next(): string {
    let s = this.prefix;
    for (let w = 0; w < 3; w++) {
      let x = this.next32();
      for (let i = 0; i < 6; i++) {
        s += ALPHABET[x % 62];
        x = Math.floor(x / 62);
      }
    }
    return s;
  }
}
