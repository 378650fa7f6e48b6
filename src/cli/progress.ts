// A progress bar on stderr, drawn only when stderr is a terminal, at most 10 times a second.
export class Progress {
  private last = 0;
  private readonly tty: boolean;
  private drawn = false;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  update(done: number, total: number, extra = ''): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = formatBytes(done / secs) + '/s';
    let line: string;
    if (total > 0) {
      const frac = Math.min(1, done / total);
      const width = 30;
      const fill = Math.round(frac * width);
      const eta = frac > 0 ? Math.max(0, secs / frac - secs) : 0;
      line = `${this.label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(1)}% ${formatBytes(done)} ${rate} eta ${eta.toFixed(0)}s ${extra}`;
    } else line = `${this.label} ${formatBytes(done)} ${rate} ${extra}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}
