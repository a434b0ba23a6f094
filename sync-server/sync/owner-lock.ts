/**
 * Serialises work per key within this process. ApplicationSync uses one key for every application
 * write (an application can be visible to two accounts, so a per-owner key is not enough); uploads
 * use one key per file.
 *
 * Why: a pull answers "everything after sequence S". If write A took sequence 100 and write B took
 * 101 but B reached the store first, a pull in between would hand out 101 as the checkpoint and A
 * would never be sent. Writing one batch at a time keeps sequence order equal to commit order
 * (several server processes would need a shared sequence: see ARCHITECTURE.md).
 */
export class OwnerLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(owner: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(owner) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(owner, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(owner) === tail) this.tails.delete(owner);
    }
  }
}
