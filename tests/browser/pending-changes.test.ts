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
