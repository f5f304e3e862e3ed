import type { KnownEvent } from '../store/usage-store.js';

/**
 * The event ids of an import's batches rated but not yet written, as the latest of them left each
 * one, in one map: rating a chunk probes it once per event, however many chunks are in flight (a
 * list of the chunks' own maps cost ~35 lookups per event, 3.4 s of 1M events' rating).
 */
export class UnwrittenEvents {
  private readonly byId = new Map<string, KnownEvent>();

  /** What rating reads on top of the store (see `RateOptions.unwritten`). */
  get view(): ReadonlyMap<string, KnownEvent> {
    return this.byId;
  }

  /** A chunk rated: its events as they stand once it is written. */
  add(known: ReadonlyMap<string, KnownEvent>): void {
    for (const [id, k] of known) this.byId.set(id, k);
  }

  /** A batch written: the store shows its events now, unless a later chunk has them in another state. */
  landed(chunks: readonly ReadonlyMap<string, KnownEvent>[]): void {
    for (const known of chunks) for (const [id, k] of known) if (this.byId.get(id) === k) this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }
}
