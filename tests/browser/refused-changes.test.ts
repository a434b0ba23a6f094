import { expect } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import { RefusedChanges, type RefusedChange } from '../../client/data/sync/refused-changes.js';

function refusal(id: string, code = 'workflow-refused'): RefusedChange {
  return {
    id, collection: 'applications', code, reason: { id: 'ditolak', en: 'refused' }, sent: { id, answers: { companyName: 'CV Uji' } },
    tookServerState: true, at: new Date().toISOString(),
  };
}

describe('refused changes (kept until the person has read them)', () => {
  it('keeps refusals across a reload, newest first, one per document, until dismissed', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const first = new RefusedChanges(userId);
    await first.load();
    await first.add([refusal('a')]);
    await first.add([refusal('b'), refusal('a', 'not-owner')]);
    first.close();

    const reloaded = new RefusedChanges(userId);
    await reloaded.load();
    const kept = await firstValueFrom(reloaded.changes$);
    expect(kept.map((change) => `${change.id}:${change.code}`)).to.deep.equal(['b:workflow-refused', 'a:not-owner']);
    expect(kept[1]?.sent).to.deep.equal({ id: 'a', answers: { companyName: 'CV Uji' } }, 'what was sent is kept');

    await reloaded.dismiss('applications', 'b');
    expect((await firstValueFrom(reloaded.changes$)).map((change) => change.id)).to.deep.equal(['a']);
    reloaded.close();
  });

  it('keeps each account\'s refusals apart', async () => {
    const one = new RefusedChanges(`u-${crypto.randomUUID()}`);
    const other = new RefusedChanges(`u-${crypto.randomUUID()}`);
    await one.load();
    await other.load();
    await one.add([refusal('x')]);
    await other.load();
    expect(await firstValueFrom(other.changes$)).to.deep.equal([]);
    one.close();
    other.close();
  });

  it('keeps what an older refusal of the same document listed as not applied, and its files kept, when a newer one replaces it', async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const list = new RefusedChanges(userId);
    await list.load();
    const ref = (fileId: string) => ({ fileId, fileName: `${fileId}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: 'a'.repeat(64) });
    await list.add([{ ...refusal('a', 'edits-not-applied'), notApplied: { companyName: 'CV Lama' }, notAppliedDocuments: { ktp: ref('ktp-1') } }]);
    expect([...list.keptFileIds()]).to.deep.equal(['ktp-1']);
    await list.add([{ ...refusal('a', 'edits-not-applied'), notApplied: { kbli: '47112' }, notAppliedDocuments: { npwp: ref('npwp-2') } }]);
    const [entry] = await firstValueFrom(list.changes$);
    expect(entry?.notApplied).to.deep.equal({ companyName: 'CV Lama', kbli: '47112' });
    expect(Object.keys(entry?.notAppliedDocuments ?? {}).sort()).to.deep.equal(['ktp', 'npwp']);
    expect([...list.keptFileIds()].sort()).to.deep.equal(['ktp-1', 'npwp-2'], 'the older entry\'s photo is still kept');
    await list.dismiss('applications', 'a');
    expect(list.keptFileIds().size).to.equal(0, 'dismissed: nothing kept any more');
    list.close();
  });
});
