// Synchronous producers (the pipeline's push path) writing to the asynchronous store: records are
// queued, cut into batches of `size`, and written one batch at a time in order. A failed write is
// kept and thrown by finish(), never an unhandled rejection; later batches are still attempted so
// one bad batch does not lose the rest.

export class BatchWriter<T> {
  /** records handed to `write` that it resolved for */
  written = 0;
  private queue: T[] = [];
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failed: { error: unknown } | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly size: number,
  ) {}

  push(record: T): void {
    this.queue.push(record);
    if (this.queue.length >= this.size) this.flush();
  }

  /** Records queued or being written: a producer that can wait uses it to keep memory bounded. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves when everything queued so far is written. */
  drained(): Promise<void> {
    return this.writing;
  }

  /** Writes what is queued, waits for every write, throws the first failure. */
  async finish(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.failed) throw this.failed.error;
  }

  /** Starts writing what is queued now, whatever its size (live input: a timer calls it). */
  flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    this.inFlight += batch.length;
    this.writing = this.writing
      .then(() => this.write(batch))
      .then(() => {
        this.written += batch.length;
      })
      .catch((error: unknown) => {
        this.failed ??= { error };
      })
      .finally(() => {
        this.inFlight -= batch.length;
      });
  }
}
