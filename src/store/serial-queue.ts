// Runs tasks one at a time in arrival order. The memory and SQLite stores put every unit of work and
// every read through one queue, so a read never sees a unit half-applied and units never interleave.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The queue must keep going whatever one task did; the caller still sees the rejection.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
