/**
 * The pull reads the next page while the device stores the last (sync-server/sync/collection-sync.ts
 * readAhead). A page read early is handed out only when nothing it depends on changed since its
 * read began. Here a push changes a document of the second page after the first page was sent (and
 * its next page read), and the second page must carry the change: with the checks taken out of
 * stillCurrent this test fails. (A write straight to the store is caught by the update-sequence
 * check; a test of it could not tell whether the early read had finished before the write.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, PER_ROW_REFUSALS_HEADER, type PullResponse, type PushResponse } from '../../common/sync-protocol.js';
import { AHEAD_MIN_LIMIT } from '../../sync-server/sync/collection-sync.js';
import { draft, startTestServer, type Session, type TestServer } from './helpers.js';

const LIMIT = AHEAD_MIN_LIMIT;

describe('a page read ahead of the pull', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function pull(session: Session, device: string, checkpoint: string | null): Promise<PullResponse<ApplicationWireDoc>> {
    const query = new URLSearchParams({ limit: String(LIMIT) });
    if (checkpoint) query.set('checkpoint', checkpoint);
    const result = await server.api(`/api/sync/applications/pull?${query.toString()}`, { cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
    assert.equal(result.status, 200, result.text.slice(0, 300));
    return result.body as PullResponse<ApplicationWireDoc>;
  }

  async function push(session: Session, device: string, rows: { newDocumentState: ApplicationWireDoc; assumedMasterState?: ApplicationWireDoc }[]): Promise<void> {
    const result = await server.api('/api/sync/applications/push', {
      body: { rows }, cookie: session.cookie, headers: { [DEVICE_HEADER]: device, [PER_ROW_REFUSALS_HEADER]: 'rows' },
    });
    assert.equal(result.status, 200, result.text.slice(0, 300));
    const body = result.body as PushResponse<ApplicationWireDoc>;
    assert.deepEqual([body.conflicts.length, body.refused?.length ?? 0], [0, 0], result.text.slice(0, 300));
  }

  /** An account with two and a half pages of drafts, made on another device; its first page as a fresh device pulls it. */
  async function firstPage(): Promise<{ session: Session; docs: ApplicationWireDoc[]; page: PullResponse<ApplicationWireDoc>; device: string }> {
    const session = await server.freshSession('applicant');
    const docs = Array.from({ length: LIMIT * 2 + LIMIT / 2 }, (_, index) => draft(session.user.userId, { companyName: `CV Halaman ${index}` }));
    await push(session, 'laptop-device', docs.map((doc) => ({ newDocumentState: doc })));
    const device = `phone-${session.user.userId}`;
    const page = await pull(session, device, null);
    assert.equal(page.documents.length, LIMIT, 'a full first page (so the next is read ahead)');
    // Let the early read finish before the change, so only the checks can keep it from being handed out.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { session, docs, page, device };
  }

  const onFirstPage = (page: PullResponse<ApplicationWireDoc>, docs: ApplicationWireDoc[]): ApplicationWireDoc =>
    docs.find((doc) => !page.documents.some((sent) => sent.id === doc.id))!;

  it('hands out the second page fresh after a push changed one of its documents', async () => {
    const { session, docs, page, device } = await firstPage();
    const target = onFirstPage(page, docs);
    const edited = { ...target, answers: { companyName: 'CV Diubah Sesudah Halaman Pertama' }, updatedAt: target.updatedAt + 1 };
    await push(session, 'laptop-device', [{ assumedMasterState: target, newDocumentState: edited }]);
    const all: ApplicationWireDoc[] = [];
    let checkpoint = page.checkpoint;
    for (;;) {
      const next = await pull(session, device, checkpoint);
      all.push(...next.documents);
      checkpoint = next.checkpoint;
      if (next.documents.length < LIMIT) break;
    }
    assert.equal(all.filter((doc) => doc.id === target.id).at(-1)?.answers.companyName, 'CV Diubah Sesudah Halaman Pertama');
  });
});
