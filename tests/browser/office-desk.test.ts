import { expect } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { Workspace } from '../../client/data/workspace.js';

describe('office actions on the device (Workspace.office)', () => {
  it('makes an action document with its own id, the actor and the status seen, kept for sending', async () => {
    const person: UserProfile = { userId: `fo-${crypto.randomUUID()}`, username: 'loket', displayName: 'Loket', role: 'front-office' };
    const workspace = await Workspace.open(person, { sync: false });
    const applicationId = crypto.randomUUID();
    const before = workspace.pendingCount();
    const made = await workspace.office.act('return', applicationId, 'submitted', { reasons: [{ fieldId: 'companyName', text: 'Nama tidak sesuai akta' }] });
    expect(made.actorId).to.equal(person.userId);
    expect(made.basedOnStatus).to.equal('submitted');
    expect(made.id).to.match(/^[0-9a-f-]{36}$/);
    const listed = await firstValueFrom(workspace.office.actionsOf(applicationId).pipe(filter((docs: OfficeActionDoc[]) => docs.length === 1)));
    expect(listed[0]?.reasons).to.deep.equal([{ fieldId: 'companyName', text: 'Nama tidak sesuai akta' }]);
    expect(workspace.pendingCount()).to.equal(before + 1, 'waits to be sent');
    await workspace.close();
  });
});
