import { expect } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import { PendingChanges } from '../../client/data/pending-changes.js';

describe('PendingChanges (the "not yet sent" count)', () => {
  it('counts a draft once however often it changes, and clears it once its latest change is sent', async () => {
    const pending = new PendingChanges(`u-${crypto.randomUUID()}`);
    await pending.load();
    await pending.markChanged('a', 1);
    await pending.markChanged('a', 2);
    await pending.markChanged('b', 5);
    expect(pending.count$.value).to.equal(2);
    await pending.markSent([{ id: 'a', updatedAt: 1 }]);
    expect(pending.count$.value).to.equal(2, 'a changed again after the state that was sent');
    await pending.markSent([{ id: 'a', updatedAt: 2 }, { id: 'b', updatedAt: 5 }]);
    expect(pending.count$.value).to.equal(0);
    pending.close();
  });

  it('settles a document the device holds exactly as the server does, whatever the times say', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const pending = new PendingChanges(userId);
    await pending.load();
    await pending.markChanged('same', 20);
    await pending.markChanged('differs', 30);
    const asked: string[][] = [];
    // 'same' is held as the server has it (say a conflict resolved to the server's older state);
    // 'differs' still has a change of its own; 'unknown' never waited.
    await pending.settle(['same', 'differs', 'unknown'], async (ids) => {
      asked.push(ids);
      return new Set(ids.filter((id) => id === 'same'));
    });
    expect(asked).to.deep.equal([['same', 'differs']], 'only documents that wait are looked at');
    expect(pending.count$.value).to.equal(1);
    // The record survives a reload without the settled entry.
    const reloaded = new PendingChanges(userId);
    await reloaded.load();
    expect(reloaded.count$.value).to.equal(1);
    await pending.settle(['nothing-waits'], async () => { throw new Error('not asked when nothing of these waits'); });
    pending.close();
    reloaded.close();
  });

  it('keeps a change recorded while a settle looks (recorded after its write, so after the look)', async () => {
    const pending = new PendingChanges(`u-${crypto.randomUUID()}`);
    await pending.load();
    await pending.markChanged('draft', 1);
    await pending.settle(['draft'], async (ids) => {
      // The person types again: the local write is done, its record queues behind this settle.
      void pending.markChanged('draft', 2);
      return new Set(ids);
    });
    // The record's writes are in order: once the settle's is done, the newer change's follows.
    await firstValueFrom(pending.count$.pipe(filter((count) => count === 1)));
    expect(pending.count$.value).to.equal(1, 'the newer change still waits');
    await pending.markSent([{ id: 'draft', updatedAt: 2 }]);
    expect(pending.count$.value).to.equal(0);
    pending.close();
  });

  it('a settle keeps a newer change another tab recorded while it looked', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const leader = new PendingChanges(userId);
    const other = new PendingChanges(userId);
    await Promise.all([leader.load(), other.load()]);
    await leader.markChanged('x', 1);
    await firstValueFrom(other.count$.pipe(filter((count) => count === 1)));
    await leader.settle(['x'], async (ids) => {
      // Meanwhile the person types in the same draft in the other tab: its record now says 3.
      void other.markChanged('x', 3);
      await other.markSent([]);
      return new Set(ids);
    });
    const stored = new PendingChanges(userId);
    await stored.load();
    expect(stored.count$.value).to.equal(1, 'the record keeps the newer change');
    await firstValueFrom(leader.count$.pipe(filter((count) => count === 1)));
    for (const tab of [leader, other, stored]) tab.close();
  });

  it('a tab whose own count did not move still tells the leader it recorded a change anew', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const leader = new PendingChanges(userId);
    const other = new PendingChanges(userId);
    await Promise.all([leader.load(), other.load()]);
    await other.markChanged('x', 1);
    await firstValueFrom(leader.count$.pipe(filter((count) => count === 1)));
    // The leader's push of x@1 is answered just as the other tab records x@2: whichever write
    // comes first, the leader must end up counting x.
    await Promise.all([leader.markSent([{ id: 'x', updatedAt: 1 }]), other.markChanged('x', 2), other.markSent([])]);
    await firstValueFrom(leader.count$.pipe(filter((count) => count === 1)));
    await leader.markSent([{ id: 'x', updatedAt: 2 }]);
    await firstValueFrom(other.count$.pipe(filter((count) => count === 0)));
    leader.close();
    other.close();
  });

  it('keeps another tab of the same account up to date (only the leader tab replicates)', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const leader = new PendingChanges(userId);
    const other = new PendingChanges(userId);
    await Promise.all([leader.load(), other.load()]);
    await leader.markChanged('draft-1', 10);
    await firstValueFrom(other.count$.pipe(filter((count) => count === 1)));
    await leader.markSent([{ id: 'draft-1', updatedAt: 10 }]);
    await firstValueFrom(other.count$.pipe(filter((count) => count === 0)));
    leader.close();
    other.close();
  });
});
