import { expect, fixture, html } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import type { RequirementDocument } from '../../common/catalog.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { UPLOAD_CHUNK_BYTES, type UploadDeclaration, type UploadState } from '../../common/upload-protocol.js';
import type { PtspDocumentField } from '../../client/features/intake/ptsp-document-field.js';
import '../../client/features/intake/ptsp-document-field.js';
import { openUserDatabase } from '../../client/data/database.js';
import { DocumentRefusedError, DocumentStore } from '../../client/data/documents.js';
import { RefusedChanges } from '../../client/data/sync/refused-changes.js';
import { Workspace } from '../../client/data/workspace.js';
import { setLanguage } from '../../client/i18n/localize.js';

const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;
const ktp = siup.requirements.find((requirement) => requirement.id === 'ktp')!;
const passPhoto: RequirementDocument = {
  id: 'passPhoto', name: { id: 'Pas foto berwarna ukuran 4x6', en: 'Colour passport photo, 4x6 cm' },
  required: true, accepts: ['image/jpeg', 'image/png'], maxSizeKb: 1024,
};
const smallPdfOnly: RequirementDocument = {
  id: 'npwp', name: { id: 'NPWP pemohon', en: "Applicant's tax card (NPWP)" }, required: false, accepts: ['application/pdf'], maxSizeKb: 100,
};

function user(name: string): UserProfile {
  return { userId: `${name}-${crypto.randomUUID()}`, username: name, displayName: name, role: 'applicant' };
}

/** A photo-like picture: gradients, shapes, text and some grain, as a high-quality JPEG. */
async function photo(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#3a6ea5');
  gradient.addColorStop(1, '#f4d35e');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let index = 0; index < 400; index++) {
    context.fillStyle = `hsl(${Math.floor(random() * 360)} 60% ${30 + Math.floor(random() * 40)}%)`;
    context.beginPath();
    context.arc(random() * width, random() * height, 10 + random() * 120, 0, Math.PI * 2);
    context.fill();
  }
  context.fillStyle = '#111';
  context.font = '64px sans-serif';
  for (let line = 0; line < 12; line++) context.fillText('REPUBLIK INDONESIA - KARTU TANDA PENDUDUK', 40, 100 + line * 110);
  const grain = context.getImageData(0, 0, width, height);
  for (let index = 0; index < grain.data.length; index += 4) {
    const noise = (random() - 0.5) * 24;
    grain.data[index] = grain.data[index]! + noise;
    grain.data[index + 1] = grain.data[index + 1]! + noise;
    grain.data[index + 2] = grain.data[index + 2]! + noise;
  }
  context.putImageData(grain, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
}

function pdf(size: number): Blob {
  const head = '%PDF-1.4\n';
  const tail = '\n%%EOF\n';
  const body = new Uint8Array(size - head.length - tail.length);
  for (let index = 0; index < body.length; index++) body[index] = (index * 31 + 7) % 251;
  return new Blob([head, body, tail], { type: 'application/pdf' });
}

async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function keptBytes(store: DocumentStore, ref: Parameters<DocumentStore['objectUrl']>[0]): Promise<ArrayBuffer> {
  const url = await store.objectUrl(ref);
  expect(url, 'object URL of the kept file').to.be.a('string');
  return (await fetch(url!)).arrayBuffer();
}

async function refusal(work: Promise<unknown>): Promise<DocumentRefusedError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(DocumentRefusedError);
    return error as DocumentRefusedError;
  }
  throw new Error('expected a refusal');
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

describe('requirement documents on the device', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

  it('compresses a 2000×1500 photo below the limit and keeps exactly the bytes whose SHA-256 the ref declares', async () => {
    const workspace = await Workspace.open(user('foto'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const original = await photo(2000, 1500);
    expect(original.size, 'the generated photo needs compressing').to.be.greaterThan(300 * 1024);

    const ref = await workspace.documents.attach(id, ktp, new File([original], 'KTP Budi.jpeg', { type: 'image/jpeg' }));
    expect(ref.mimeType).to.equal('image/jpeg');
    expect(ref.fileName).to.equal('KTP Budi.jpg');
    expect(ref.size).to.be.at.most(300 * 1024);
    const bytes = await keptBytes(workspace.documents, ref);
    expect(bytes.byteLength).to.equal(ref.size);
    expect(await sha256(bytes)).to.equal(ref.sha256);
    const picture = await createImageBitmap(new Blob([bytes]));
    expect(Math.max(picture.width, picture.height)).to.be.at.most(1600);

    const draft = await firstValueFrom(workspace.draft$(id));
    expect(draft?.documents?.ktp).to.deep.equal(ref);
    const progress = await firstValueFrom(workspace.documents.progress$);
    expect(progress.get(ref.fileId)).to.deep.equal({ applicationId: id, sent: 0, total: ref.size, state: 'waiting' });
    expect(workspace.documents.pendingUploads()).to.equal(1);
    await workspace.close();
  });

  it('keeps the file on the device when the workspace is closed and opened again (a reload)', async () => {
    const person = user('reload');
    let workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const scan = pdf(150 * 1024);
    const ref = await workspace.documents.attach(id, ktp, scan, 'ktp-scan.pdf');
    expect(ref).to.include({ fileName: 'ktp-scan.pdf', mimeType: 'application/pdf', size: scan.size });
    await workspace.close();

    workspace = await Workspace.open(person, { sync: false });
    const draft = await firstValueFrom(workspace.draft$(id));
    expect(draft?.documents?.ktp).to.deep.equal(ref);
    const bytes = await keptBytes(workspace.documents, ref);
    expect(await sha256(bytes)).to.equal(await sha256(await scan.arrayBuffer()));
    expect(workspace.documents.pendingUploads()).to.equal(1);
    await workspace.close();
  });

  it('refuses a kind the requirement does not take, naming the requirement in Indonesian and English', async () => {
    const workspace = await Workspace.open(user('jenis'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const text = await refusal(workspace.documents.attach(id, ktp, new File(['bukan foto'], 'catatan.txt', { type: 'text/plain' })));
    expect(text.text.id).to.contain(ktp.name.id).and.to.contain('tidak diterima').and.to.contain('JPG, PNG atau PDF');
    expect(text.text.en).to.contain(ktp.name.en).and.to.contain('not accepted');
    // A PDF where only pictures are taken; a file claiming to be a PDF that is none.
    const pdfForPhoto = await refusal(workspace.documents.attach(id, passPhoto, pdf(20 * 1024)));
    expect(pdfForPhoto.text.id).to.contain(passPhoto.name.id).and.to.contain('tidak diterima');
    await refusal(workspace.documents.attach(id, ktp, new File(['<html>'], 'palsu.pdf', { type: 'application/pdf' })));

    const draft = await firstValueFrom(workspace.draft$(id));
    expect(draft?.documents ?? {}).to.deep.equal({});
    expect(workspace.documents.pendingUploads()).to.equal(0);
    await workspace.close();
  });

  it('refuses a PDF over the limit, and keeps a photo as PNG where only PNG is taken', async () => {
    const workspace = await Workspace.open(user('besar'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const tooLarge = await refusal(workspace.documents.attach(id, smallPdfOnly, pdf(150 * 1024)));
    expect(tooLarge.text.id).to.contain(smallPdfOnly.name.id).and.to.contain('melebihi batas 100 KB');
    expect(tooLarge.text.en).to.contain('over the limit of 100 KB');

    const pngOnly: RequirementDocument = { ...passPhoto, accepts: ['image/png'] };
    const ref = await workspace.documents.attach(id, pngOnly, await photo(400, 300), 'pasfoto');
    expect(ref).to.include({ mimeType: 'image/png', fileName: 'pasfoto.png' });
    expect(new Uint8Array(await keptBytes(workspace.documents, ref)).subarray(1, 4)).to.deep.equal(new Uint8Array([0x50, 0x4e, 0x47]));
    await workspace.close();
  });

  it('replacing a file names the new one and forgets the old one; remove clears the ref', async () => {
    const workspace = await Workspace.open(user('ganti'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const first = await workspace.documents.attach(id, ktp, pdf(30 * 1024));
    const second = await workspace.documents.attach(id, ktp, pdf(40 * 1024));
    expect((await firstValueFrom(workspace.draft$(id)))?.documents?.ktp).to.deep.equal(second);
    const progress = await firstValueFrom(workspace.documents.progress$);
    expect([...progress.keys()]).to.deep.equal([second.fileId]);
    expect(first.fileId).to.not.equal(second.fileId);

    await workspace.documents.remove(id, 'ktp');
    expect((await firstValueFrom(workspace.draft$(id)))?.documents).to.deep.equal({});
    expect(workspace.documents.pendingUploads()).to.equal(0);
    expect((await firstValueFrom(workspace.documents.progress$)).size).to.equal(0);
    await workspace.close();
  });

  it('a file a refused change lists as not applied survives a replacement and a removal, and is no longer kept once dismissed', async () => {
    const person = user('simpan');
    const workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const listed = await workspace.documents.attach(id, ktp, pdf(30 * 1024));
    // Another tab's replication (the one RxDB leader) lists it: this tab hears of it on the channel.
    const otherTab = new RefusedChanges(person.userId);
    await otherTab.load();
    await otherTab.add([{
      id, collection: 'applications', code: 'edits-not-applied', reason: { id: 'tidak masuk', en: 'not applied' }, sent: { id },
      notAppliedDocuments: { ktp: listed }, tookServerState: true, at: new Date().toISOString(),
    }]);
    await until(async () => (await firstValueFrom(workspace.refusedChanges$)).length === 1, 'this tab has the entry');
    const second = await workspace.documents.attach(id, ktp, pdf(40 * 1024));
    expect(await workspace.documents.localCopy(listed.fileId)).to.not.equal(undefined, 'kept through a replacement');
    expect(workspace.documents.pendingUploads()).to.equal(1, 'only the file the draft names waits');
    await workspace.documents.remove(id, 'ktp');
    expect(await workspace.documents.localCopy(listed.fileId)).to.not.equal(undefined, 'kept through a removal');
    expect(await workspace.documents.localCopy(second.fileId)).to.equal(undefined, 'the removed one is forgotten');

    await otherTab.dismiss('applications', id);
    await until(async () => (await firstValueFrom(workspace.refusedChanges$)).length === 0, 'dismissed here too');
    await workspace.documents.attach(id, ktp, pdf(20 * 1024));
    expect(await workspace.documents.localCopy(listed.fileId)).to.equal(undefined, 'no longer kept: replaced, it is forgotten');
    otherTab.close();
    await workspace.close();
  });

  it('the document field shows the name, the limit, a thumbnail, and a refusal', async () => {
    const workspace = await Workspace.open(user('layar'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const el = await fixture<PtspDocumentField>(html`<ptsp-document-field .documents=${workspace.documents}
      .applicationId=${id} .requirement=${ktp}></ptsp-document-field>`);
    const root = el.shadowRoot!;
    expect(root.querySelector('[data-testid=document-name-ktp]')?.textContent).to.equal(ktp.name.id);
    expect(root.textContent).to.contain('wajib');
    expect(root.querySelector('[data-testid=document-rules-ktp]')?.textContent).to.equal('JPG, PNG atau PDF, paling besar 2 MB');
    const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.getAttribute('capture')).to.equal('environment');
    expect(input.labels?.[0]?.textContent).to.equal('Ambil foto / pilih berkas');

    const choose = (file: File): void => {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    choose(new File([await photo(1200, 900)], 'ktp.jpg', { type: 'image/jpeg' }));
    await until(() => root.querySelector('[data-testid=document-thumbnail-ktp]') !== null, 'the thumbnail');
    const thumbnail = root.querySelector<HTMLImageElement>('[data-testid=document-thumbnail-ktp]')!;
    await until(() => thumbnail.complete && thumbnail.naturalWidth > 0, 'the thumbnail to load');
    expect(root.querySelector('[data-testid=document-size-ktp]')?.textContent).to.match(/Ukuran \d+ KB/);
    expect(root.querySelector('[data-testid=document-status-ktp]')).to.equal(null);

    choose(new File(['bukan foto'], 'catatan.txt', { type: 'text/plain' }));
    await until(() => root.querySelector('[data-testid=document-error-ktp]') !== null, 'the refusal');
    expect(root.querySelector('[data-testid=document-error-ktp]')?.textContent).to.contain(ktp.name.id).and.to.contain('tidak diterima');
    // The refused file replaced nothing.
    expect(root.querySelector('[data-testid=document-thumbnail-ktp]')).to.not.equal(null);

    await setLanguage('en');
    await el.updateComplete;
    expect(root.querySelector('[data-testid=document-rules-ktp]')?.textContent).to.equal('JPG, PNG or PDF, at most 2 MB');
    expect(root.querySelector('[data-testid=document-error-ktp]')?.textContent).to.contain(ktp.name.en);
    await workspace.close();
  });

  it('the document field shows the upload bar, "Terkirim", and a failure with its reason', async () => {
    const ref = { fileId: 'f0000000-0000-4000-8000-000000000000', fileName: 'ktp.pdf', mimeType: 'application/pdf', size: 300 * 1024, sha256: '0'.repeat(64) };
    const uploads = new Map([[ref.fileId, { applicationId: 'a', sent: 256 * 1024, total: ref.size, state: 'uploading' as const }]]);
    const el = await fixture<PtspDocumentField>(html`<ptsp-document-field .applicationId=${'a'} .requirement=${ktp} .ref=${ref}
      .uploads=${uploads}></ptsp-document-field>`);
    const root = el.shadowRoot!;
    expect(root.querySelector('[data-testid=document-file-ktp]')?.textContent).to.contain('ktp.pdf');
    expect(root.querySelector('progress')?.value).to.equal(256 * 1024);
    expect(root.querySelector('[data-testid=document-status-ktp]')?.textContent).to.equal('Mengirim… 256 KB dari 300 KB');
    el.uploads = new Map([[ref.fileId, { applicationId: 'a', sent: ref.size, total: ref.size, state: 'done' as const }]]);
    await el.updateComplete;
    expect(root.querySelector('[data-testid=document-status-ktp]')?.textContent).to.contain('Terkirim');
    el.uploads = new Map([[ref.fileId, { applicationId: 'a', sent: 0, total: ref.size, state: 'failed' as const, error: { id: 'Berkas terlalu besar.', en: 'Too large.' } }]]);
    await el.updateComplete;
    expect(root.querySelector('[data-testid=document-status-ktp]')?.textContent).to.contain('Berkas terlalu besar.');
    expect(root.querySelector('[data-testid=document-retry-ktp]')).to.not.equal(null);
  });
});

/** A stand-in for the sync server's upload routes (common/upload-protocol.ts), scripted per test. */
class FakeUploadServer {
  declarations: UploadDeclaration[] = [];
  puts: { start: number; end: number; total: number; contentType: string | undefined }[] = [];
  userHeaders = new Set<string>();
  bytes = new Uint8Array(0);
  received = 0;
  complete = false;
  /** Scripted answers, consumed in order before the normal behaviour. */
  onPost: ('application-not-found' | 'stale' | 'unsupported')[] = [];
  onPut: ('ok' | 'hang' | 'lose-answer')[] = [];
  hanging = false;

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const headers = new Headers(init.headers);
    this.userHeaders.add(headers.get('x-ptsp-user') ?? '');
    const method = init.method ?? 'GET';
    if (method === 'POST' && input === '/api/uploads') {
      const declaration = JSON.parse(String(init.body)) as UploadDeclaration;
      this.declarations.push(declaration);
      const scripted = this.onPost.shift();
      if (scripted === 'application-not-found') return this.error(404, scripted);
      if (scripted === 'unsupported') return this.error(415, 'unsupported-file-type', { id: 'Jenis berkas tidak diterima.', en: 'File type not accepted.' });
      if (this.bytes.length === 0) this.bytes = new Uint8Array(declaration.size);
      return this.json(201, scripted === 'stale' ? { ...this.state(declaration.fileId), receivedBytes: 0 } : this.state(declaration.fileId));
    }
    const fileId = input.split('/').pop()!;
    if (method === 'GET') return this.json(200, this.state(fileId));
    if (method === 'PUT') {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers.get('content-range') ?? '');
      if (!range) return this.error(400, 'invalid-content-range');
      const [start, last, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
      this.puts.push({ start, end: last + 1, total, contentType: headers.get('content-type') ?? undefined });
      const scripted = this.onPut.shift();
      if (scripted === 'hang') {
        this.hanging = true;
        return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      if (start !== this.received) {
        return new Response(JSON.stringify({
          error: { code: 'upload-offset-mismatch', message: { id: 'Lanjutkan dari byte lain.', en: 'Continue elsewhere.' } },
          state: this.state(fileId),
        }), { status: 409, headers: { 'content-type': 'application/json' } });
      }
      const piece = new Uint8Array(await (init.body as Blob).arrayBuffer());
      this.bytes.set(piece, start);
      this.received = start + piece.length;
      if (this.received === total) {
        const declared = this.declarations[this.declarations.length - 1]!;
        this.complete = (await sha256(this.bytes)) === declared.sha256;
      }
      if (scripted === 'lose-answer') throw new TypeError('Failed to fetch');
      return this.json(200, this.state(fileId));
    }
    return this.error(404, 'not-found');
  };

  private state(fileId: string): UploadState {
    return { fileId, receivedBytes: this.received, size: this.bytes.length, complete: this.complete };
  }

  private json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }

  private error(status: number, code: string, message = { id: code, en: code }): Response {
    return this.json(status, { error: { code, message } });
  }
}

describe('the upload queue (against a scripted server)', () => {
  const timing = { retryMs: 20, maxRetryMs: 60, applicationWaitMs: 30 };

  it('sends pieces, waits for the application, resumes after a reload, follows the server on 409 and after a lost answer', async () => {
    const person = user('unggah');
    const workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const scan = pdf(UPLOAD_CHUNK_BYTES * 2 + 50_000);
    const ref = await workspace.documents.attach(id, ktp, scan, 'ktp.pdf');
    await workspace.close();

    const server = new FakeUploadServer();
    server.onPost = ['application-not-found'];
    // The first piece is answered; the second hangs until the page goes away.
    server.onPut = ['ok', 'hang'];
    let local = await openUserDatabase(person.userId);
    const noRef = async (): Promise<void> => undefined;
    let store = await DocumentStore.open(local.database, person, noRef, { upload: true, fetch: server.fetch, ...timing });
    await until(() => server.hanging, 'the second piece to be under way');
    expect(server.declarations.length, 'declared again after "application not found"').to.equal(2);
    await store.close();
    await local.database.close();

    // The reload: what the server confirmed is remembered on the device...
    local = await openUserDatabase(person.userId);
    store = await DocumentStore.open(local.database, person, noRef, { upload: false });
    expect(store.pendingUploads()).to.equal(1);
    expect((await firstValueFrom(store.progress$)).get(ref.fileId)).to.include({ sent: UPLOAD_CHUNK_BYTES, state: 'waiting' });
    await store.close();
    // ...and the queue resumes from the server's count: a stale declaration answer (409 puts it right),
    // then a piece whose answer is lost on the way back (the next declaration says it arrived).
    server.onPost = ['stale'];
    server.onPut = ['ok', 'lose-answer'];
    store = await DocumentStore.open(local.database, person, noRef, { upload: true, fetch: server.fetch, ...timing });
    await until(async () => (await firstValueFrom(store.progress$)).get(ref.fileId)?.state === 'done', 'the upload to finish');

    expect(server.complete).to.equal(true);
    expect(await sha256(server.bytes)).to.equal(ref.sha256);
    expect(store.pendingUploads()).to.equal(0);
    expect([...server.userHeaders]).to.deep.equal([person.userId]);
    expect(server.puts.every((put) => put.contentType === 'application/octet-stream' && put.total === scan.size
      && put.end - put.start <= UPLOAD_CHUNK_BYTES)).to.equal(true);
    // Stored once each: the stale declaration's piece was refused (409), the lost answer not sent again.
    const starts = server.puts.map((put) => put.start);
    expect(starts).to.deep.equal([0, UPLOAD_CHUNK_BYTES, 0, UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES * 2]);
    await store.close();
    await local.database.close();
  });

  it('marks a file failed with the server\'s message on another refusal, and sends it when tried again', async () => {
    const person = user('tolak');
    const workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const ref = await workspace.documents.attach(id, ktp, pdf(20_000));
    await workspace.close();

    const server = new FakeUploadServer();
    server.onPost = ['unsupported'];
    const local = await openUserDatabase(person.userId);
    const store = await DocumentStore.open(local.database, person, async () => undefined, { upload: true, fetch: server.fetch, ...timing });
    await until(async () => (await firstValueFrom(store.progress$)).get(ref.fileId)?.state === 'failed', 'the refusal');
    expect((await firstValueFrom(store.progress$)).get(ref.fileId)?.error).to.deep.equal({ id: 'Jenis berkas tidak diterima.', en: 'File type not accepted.' });
    expect(store.pendingUploads()).to.equal(1);

    await store.retry(ref.fileId);
    await until(async () => (await firstValueFrom(store.progress$)).get(ref.fileId)?.state === 'done', 'the upload after retrying');
    expect(await sha256(server.bytes)).to.equal(ref.sha256);
    expect((await firstValueFrom(store.progress$)).get(ref.fileId)?.error).to.equal(undefined);
    await store.close();
    await local.database.close();
  });
});
