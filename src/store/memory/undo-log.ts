// Rollback for the memory store: every mutation inside a unit of work records its inverse, and a
// failed unit replays the inverses newest first. Outside a unit (log = null) nothing is recorded.

export class UndoLog {
  private readonly steps: Array<() => void> = [];

  record(undo: () => void): void {
    this.steps.push(undo);
  }

  rollback(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]();
    this.steps.length = 0;
  }
}

export function mapSet<K, V>(log: UndoLog | null, map: Map<K, V>, key: K, value: V): void {
  if (log) {
    const had = map.has(key);
    const previous = map.get(key);
    log.record(() => (had ? map.set(key, previous as V) : map.delete(key)));
  }
  map.set(key, value);
}

export function mapDelete<K, V>(log: UndoLog | null, map: Map<K, V>, key: K): void {
  if (!map.has(key)) return;
  if (log) {
    const previous = map.get(key) as V;
    log.record(() => map.set(key, previous));
  }
  map.delete(key);
}

export function setAdd<V>(log: UndoLog | null, set: Set<V>, value: V): void {
  if (set.has(value)) return;
  log?.record(() => set.delete(value));
  set.add(value);
}

export function setDelete<V>(log: UndoLog | null, set: Set<V>, value: V): void {
  if (!set.has(value)) return;
  log?.record(() => set.add(value));
  set.delete(value);
}
