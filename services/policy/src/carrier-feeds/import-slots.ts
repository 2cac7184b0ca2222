/**
 * How many carrier imports this instance runs at once: as many as its bulk pool has
 * connections. A file that finds no slot is answered at once (503, Retry-After) instead of
 * waiting with its upload half-read; requests, consumers and activities never wait behind
 * uploads, because uploads never use their pool.
 */
export class ImportSlots {
  private taken = 0;

  constructor(readonly size: number) {}

  /** A release function when a slot was free, null when all are taken. */
  tryTake(): (() => void) | null {
    if (this.taken >= this.size) return null;
    this.taken++;
    let released = false;
    return () => {
      if (!released) this.taken--;
      released = true;
    };
  }
}
