// Workspace.statusCounts$ and Workspace.openOfPermitType$ (client/data/workspace.ts) on a real
// database: the counts by status that the office home shows, from the local index, live as the sync
// brings changes and deletions; the open applications of one permit type that the double-filing
// warning looks at, never a draft, a reviewed one or another type.
import { expect } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { openUserDatabase, toLocal } from '../../client/data/database.js';
import { Workspace, type StatusCounts } from '../../client/data/workspace.js';

function application(status: ApplicationStatus, permitTypeId = 'siup', nik = '3201000000000001'): ApplicationDoc {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    id: crypto.randomUUID(), ownerId: 'applicant-1', permitTypeId, catalogVersion: demoCatalog.version, status,
    answers: { applicantNik: nik }, createdAt: at, updatedAt: Date.now() - 3_600_000,
    ...(status === 'draft' ? {} : { submittedAt: at, stages: [{ stage: 'submitted' as const, at }] }),
  };
}

/** A front office's device holding `docs` (written as the sync writes them), opened without sync. */
async function deviceWith(docs: ApplicationDoc[]): Promise<{ workspace: Workspace; write: (doc: ApplicationDoc) => Promise<void>; remove: (id: string) => Promise<void> }> {
  const user: UserProfile = { userId: `fo-${crypto.randomUUID()}`, username: 'loket', displayName: 'Loket', role: 'front-office' };
  const local = await openUserDatabase(user.userId);
  await local.applications.bulkInsert(docs.map((doc) => toLocal(doc)));
  await local.database.close();
  const workspace = await Workspace.open(user, { sync: false });
  // Bracket access to the collection: a test stands in for the replication's writes.
  const collection = workspace['local'].applications;
  return {
    workspace,
    write: async (doc) => { await collection.upsert(toLocal(doc)); },
    remove: async (id) => { await (await collection.findOne(id).exec())?.remove(); },
  };
}

const countsWhere = (workspace: Workspace, wanted: (counts: StatusCounts) => boolean): Promise<StatusCounts> =>
  firstValueFrom(workspace.statusCounts$().pipe(filter(wanted)));

describe('Workspace counts by status and the open applications of a permit type', function () {
  this.timeout(30_000);

  it('counts every status on the device, and follows a status change, an arrival and a deletion', async () => {
    const moving = application('submitted');
    const returned = application('returned');
    const { workspace, write, remove } = await deviceWith([
      moving, application('submitted'), application('in-review'), application('needs-information'), returned,
      application('reviewed'), application('reviewed'), application('draft'),
    ]);
    const first = await firstValueFrom(workspace.statusCounts$());
    expect(first).to.deep.equal({ submitted: 2, 'in-review': 1, 'needs-information': 1, returned: 1, reviewed: 2, draft: 1 });

    await write({ ...moving, status: 'in-review', updatedAt: Date.now() });
    expect(await countsWhere(workspace, (counts) => counts.submitted === 1), 'accepted: one fewer waiting, one more in review')
      .to.deep.equal({ submitted: 1, 'in-review': 2, 'needs-information': 1, returned: 1, reviewed: 2, draft: 1 });

    await write({ ...returned, status: 'reviewed', updatedAt: Date.now() });
    await write(application('needs-information'));
    expect(await countsWhere(workspace, (counts) => counts.reviewed === 3 && counts['needs-information'] === 2), 'a mixed range split again')
      .to.deep.equal({ submitted: 1, 'in-review': 2, 'needs-information': 2, reviewed: 3, draft: 1 });

    await remove(moving.id);
    expect(await countsWhere(workspace, (counts) => counts['in-review'] === 1), 'gone from the device, gone from the counts')
      .to.deep.equal({ submitted: 1, 'in-review': 1, 'needs-information': 2, reviewed: 3, draft: 1 });
    await workspace.close();
  });

  it('one subscription ends on the final counts after a burst of changes (the throttle keeps the last)', async () => {
    const first = application('submitted');
    const second = application('submitted');
    const { workspace, write } = await deviceWith([first, second, application('draft')]);
    const seen: StatusCounts[] = [];
    const subscription = workspace.statusCounts$().subscribe((counts) => seen.push(counts));
    try {
      await new Promise<void>((resolve) => { const wait = (): void => { if (seen.length > 0) resolve(); else setTimeout(wait, 10); }; wait(); });
      expect(seen[0]).to.deep.equal({ submitted: 2, draft: 1 });
      // Two changes well inside one throttle window: the second must not be lost.
      await write({ ...first, status: 'in-review', updatedAt: Date.now() });
      await write({ ...second, status: 'in-review', updatedAt: Date.now() });
      const final = { 'in-review': 2, draft: 1 };
      await new Promise<void>((resolve) => {
        const wait = (): void => { if (JSON.stringify(seen.at(-1)) === JSON.stringify(final)) resolve(); else setTimeout(wait, 10); };
        wait();
      });
      expect(seen.at(-1)).to.deep.equal(final);
    } finally {
      subscription.unsubscribe();
      await workspace.close();
    }
  });

  it('answers no counts at all for an empty device', async () => {
    const { workspace } = await deviceWith([]);
    expect(await firstValueFrom(workspace.statusCounts$())).to.deep.equal({});
    await workspace.close();
  });

  it('gives the open applications of one permit type that the caller keeps, live', async () => {
    const nik = '3201000000000099';
    const waiting = application('submitted', 'siup', nik);
    const inReview = application('in-review', 'siup', nik);
    const asked = application('needs-information', 'siup', nik);
    const others = [application('draft', 'siup', nik), application('reviewed', 'siup', nik), application('submitted', 'imb', nik), application('submitted', 'siup', '3201000000000100')];
    const { workspace, write } = await deviceWith([waiting, inReview, asked, ...others]);
    const sameNik = (doc: ApplicationDoc): boolean => doc.answers.applicantNik === nik;
    const ids = (docs: ApplicationDoc[]) => docs.map((doc) => doc.id).sort();

    const open = await firstValueFrom(workspace.openOfPermitType$('siup', sameNik));
    expect(ids(open), 'open, of the type, kept by the caller; no draft, no reviewed one, no other type').to.deep.equal(ids([waiting, inReview, asked]));
    expect(open.every((doc) => !('queueKey' in doc) && !('searchText' in doc)), 'in the wire shape').to.equal(true);

    await write({ ...inReview, status: 'reviewed', updatedAt: Date.now() });
    const after = await firstValueFrom(workspace.openOfPermitType$('siup', sameNik).pipe(filter((docs) => docs.length === 2)));
    expect(ids(after), 'reviewed: no longer open').to.deep.equal(ids([waiting, asked]));
    await workspace.close();
  });
});
