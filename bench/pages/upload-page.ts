/**
 * The upload bench page (bench/upload.ts): the app's own device code (Workspace, DocumentStore and
 * its upload queue) sending photos over a throttled link, and the raw baseline (one plain fetch
 * PUT per photo to a route that only drains the body) from the same page, through the same link.
 * Served by the bench's front server (bench/upload-front.ts), which forwards /api to the sync server.
 */
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import type { DocumentRef } from '../../common/application-schema.js';
import type { PermitType, RequirementDocument } from '../../common/catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { UploadProgress } from '../../client/data/documents.js';
import { Workspace } from '../../client/data/workspace.js';
import type { RequestTiming } from './api.js';
import { nowEpochMs, requestsMatching, resetResourceTimings, withTimeout } from './common.js';

const UPLOAD_PERMIT_TYPE = 'tdp';
const UPLOAD_REQUIREMENTS = ['ktp', 'npwp'] as const;

export interface AttachedPhoto {
  applicationId: string;
  requirementId: string;
  ref: DocumentRef;
  /** Bytes handed to attach (before the app's compression). */
  originalBytes: number;
}

export interface FileTimes {
  fileId: string;
  size: number;
  /** Epoch ms when the queue began sending it (state 'uploading') and when it was done. */
  startEpochMs: number | null;
  doneEpochMs: number | null;
}

export interface UploadBenchApi {
  /** Distinct JPEGs of about `targetBytes`, drawn on a canvas and kept in the page (not timed). */
  makePhotos(count: number, targetBytes: number): Promise<{ sizes: number[]; ms: number }>;
  /** Signs in, creates `count` drafts of the permit type through a syncing Workspace, waits until in sync, closes it. */
  createApplications(username: string, password: string, count: number): Promise<{ user: UserProfile; applicationIds: string[]; ms: number }>;
  /**
   * Takes the account's upload lock (so the queue cannot start), opens the Workspace with sync,
   * attaches every photo (two per application), waits for the document refs to reach the server.
   */
  attachAll(photoTargetKb: number, timeoutMs: number): Promise<{ photos: AttachedPhoto[]; attachMs: number; refsInSyncMs: number; pendingUploads: number; photoTargetKb: number }>;
  /** Lets the upload queue start (releases the lock); returns that moment. */
  startUploads(): Promise<{ startEpochMs: number }>;
  /** Until the progress observable shows every file done (or one failed, or the timeout). */
  awaitUploads(timeoutMs: number): Promise<{ doneEpochMs: number; files: FileTimes[]; requests: RequestTiming[]; states: UploadProgress[] }>;
  /** The raw baseline: the bytes the app kept, one plain fetch PUT each to /drain, one after the other. */
  rawPuts(timeoutMs: number): Promise<{ ms: number; startEpochMs: number; endEpochMs: number; requests: number; bytesSent: number; bytesDrained: number; sha256: string[] }>;
  /** One PUT of `bytes` to /drain: checks that the link is throttled as intended. */
  probe(bytes: number): Promise<{ ms: number; drained: number }>;
  close(): Promise<void>;
}

// --- photos ---------------------------------------------------------------------------------------

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIDTH = 1600;
const HEIGHT = 1200;
/** The quality the app's compression encodes at (client/data/documents.ts): it then keeps about this size. */
const QUALITY = 0.85;

/** A photographed ID card on a table: gradient, a card with text, sensor noise (what sets the size). */
function drawCard(context: OffscreenCanvasRenderingContext2D, index: number): void {
  const random = seededRandom(1000 + index);
  const table = context.createLinearGradient(0, 0, WIDTH, HEIGHT);
  table.addColorStop(0, `hsl(${Math.floor(random() * 360)} 25% ${30 + Math.floor(random() * 20)}%)`);
  table.addColorStop(1, `hsl(${Math.floor(random() * 360)} 20% ${15 + Math.floor(random() * 20)}%)`);
  context.fillStyle = table;
  context.fillRect(0, 0, WIDTH, HEIGHT);
  context.save();
  context.translate(WIDTH / 2, HEIGHT / 2);
  context.rotate((random() - 0.5) * 0.2);
  context.fillStyle = `hsl(${190 + Math.floor(random() * 40)} 45% 82%)`;
  context.fillRect(-650, -420, 1300, 840);
  context.fillStyle = `hsl(${Math.floor(random() * 60)} 30% 60%)`;
  context.fillRect(280, -250, 300, 380);
  context.fillStyle = '#1d2a3a';
  context.font = 'bold 54px sans-serif';
  context.fillText(index % 2 === 0 ? 'PROVINSI KALIMANTAN TIMUR' : 'NOMOR POKOK WAJIB PAJAK', -600, -330);
  context.font = '38px sans-serif';
  const words = ['NIK', 'Nama', 'Tempat/Tgl Lahir', 'Alamat', 'RT/RW', 'Kel/Desa', 'Kecamatan', 'Agama', 'Pekerjaan', 'Berlaku Hingga'];
  for (let line = 0; line < 10; line++) {
    const value = Array.from({ length: 3 + Math.floor(random() * 4) }, () => Math.floor(random() * 1e6).toString(36).toUpperCase()).join(' ');
    context.fillText(`${words[line]!}: ${value}`, -600, -240 + line * 62);
  }
  context.restore();
}

/** Adds noise of amplitude `amplitude` (same pattern for the same index) to `base`, into `target`. */
function addNoise(base: Uint8ClampedArray, target: Uint8ClampedArray, amplitude: number, index: number): void {
  const random = seededRandom(7 + index);
  for (let offset = 0; offset < base.length; offset += 4) {
    const shared = (random() - 0.5) * amplitude;
    target[offset] = base[offset]! + shared + (random() - 0.5) * amplitude * 0.5;
    target[offset + 1] = base[offset + 1]! + shared;
    target[offset + 2] = base[offset + 2]! + shared + (random() - 0.5) * amplitude * 0.5;
    target[offset + 3] = 255;
  }
}

/** Searches the noise amplitude that makes the JPEG about `targetBytes` (within 2%). */
async function makePhoto(index: number, targetBytes: number, startAmplitude: number): Promise<{ blob: Blob; amplitude: number }> {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context on OffscreenCanvas');
  drawCard(context, index);
  const base = context.getImageData(0, 0, WIDTH, HEIGHT);
  const noisy = new ImageData(WIDTH, HEIGHT);
  let [low, high] = [0, Math.max(8, startAmplitude * 2)];
  let amplitude = startAmplitude;
  let best: Blob | undefined;
  for (let attempt = 0; attempt < 14; attempt++) {
    addNoise(base.data, noisy.data, amplitude, index);
    context.putImageData(noisy, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    if (!best || Math.abs(blob.size - targetBytes) < Math.abs(best.size - targetBytes)) best = blob;
    if (Math.abs(blob.size - targetBytes) <= targetBytes * 0.02) break;
    if (blob.size > targetBytes) high = amplitude;
    else {
      low = amplitude;
      if (amplitude >= high * 0.99) high *= 2;
    }
    amplitude = (low + high) / 2;
  }
  return { blob: best!, amplitude };
}

// --- state of the page -------------------------------------------------------------------------

let photos: Blob[] = [];
let user: UserProfile | undefined;
let applicationIds: string[] = [];
let workspace: Workspace | undefined;
let attached: AttachedPhoto[] = [];
let releaseLock: (() => void) | undefined;
let heldLock: Promise<unknown> | undefined;
const fileTimes = new Map<string, FileTimes>();
let timesSubscription: Subscription | undefined;

async function login(username: string, password: string): Promise<UserProfile> {
  const response = await fetch('/api/auth/login', {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { user: UserProfile }).user;
}

async function permitType(open: Workspace): Promise<{ type: PermitType; version: number }> {
  const catalog = await open.loadCatalog();
  const type = catalog.permitTypes.find((candidate) => candidate.id === UPLOAD_PERMIT_TYPE);
  if (!type) throw new Error(`the catalog has no permit type ${UPLOAD_PERMIT_TYPE}`);
  return { type, version: catalog.version };
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function drain(body: Blob, timeoutMs: number): Promise<number> {
  const response = await fetch('/drain', {
    method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' }, signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`/drain answered ${response.status}`);
  return ((await response.json()) as { bytes: number }).bytes;
}

const api: UploadBenchApi = {
  async makePhotos(count, targetBytes) {
    const started = performance.now();
    photos = [];
    let amplitude = 24;
    for (let index = 0; index < count; index++) {
      const made = await makePhoto(index, targetBytes, amplitude);
      photos.push(made.blob);
      amplitude = made.amplitude;
    }
    return { sizes: photos.map((photo) => photo.size), ms: performance.now() - started };
  },

  async createApplications(username, password, count) {
    const started = performance.now();
    user = await login(username, password);
    const open = await Workspace.open(user);
    try {
      const { type, version } = await permitType(open);
      applicationIds = [];
      for (let index = 0; index < count; index++) applicationIds.push(await open.createDraft(type, version));
      await withTimeout(open.awaitInSync(), 120_000, 'creating the applications: awaitInSync()');
    } finally {
      await open.close();
    }
    return { user, applicationIds, ms: performance.now() - started };
  },

  async attachAll(photoTargetKb, timeoutMs) {
    if (!user) throw new Error('createApplications first');
    if (photos.length !== applicationIds.length * UPLOAD_REQUIREMENTS.length) {
      throw new Error(`${photos.length} photos for ${applicationIds.length} applications x ${UPLOAD_REQUIREMENTS.length} requirements`);
    }
    // The queue runs inside this Web Lock (client/data/documents.ts, one tab per account sends):
    // holding it keeps every file waiting until startUploads, so the timed window starts with all
    // 20 queued and nothing sent, as when the photos were taken before the link came back.
    const lockName = `ptsp-uploads-${user.userId}`;
    await new Promise<void>((acquired) => {
      heldLock = navigator.locks.request(lockName, () => {
        acquired();
        return new Promise<void>((release) => {
          releaseLock = release;
        });
      });
    });
    workspace = await Workspace.open(user);
    await workspace.documents.setPhotoTargetKb(photoTargetKb);
    const { type } = await permitType(workspace);
    const requirements = UPLOAD_REQUIREMENTS.map((id) => {
      const requirement: RequirementDocument | undefined = type.requirements.find((candidate) => candidate.id === id);
      if (!requirement) throw new Error(`${UPLOAD_PERMIT_TYPE} has no requirement ${id}`);
      return requirement;
    });
    attached = [];
    const started = performance.now();
    let photo = 0;
    for (const applicationId of applicationIds) {
      for (const requirement of requirements) {
        const original = photos[photo++]!;
        const file = new File([original], `${requirement.id}-${photo}.jpg`, { type: 'image/jpeg' });
        const ref = await workspace.documents.attach(applicationId, requirement, file);
        attached.push({ applicationId, requirementId: requirement.id, ref, originalBytes: original.size });
      }
    }
    const attachMs = performance.now() - started;
    // The refs travel in the application documents (replication), before the timed window.
    await withTimeout(workspace.awaitInSync(), timeoutMs, 'attach: awaitInSync()');
    const refsInSyncMs = performance.now() - started - attachMs;
    return {
      photos: attached, attachMs, refsInSyncMs, pendingUploads: workspace.documents.pendingUploads(),
      photoTargetKb: workspace.documents.photoTargetKb,
    };
  },

  async startUploads() {
    if (!workspace || !releaseLock) throw new Error('attachAll first');
    resetResourceTimings();
    fileTimes.clear();
    for (const photo of attached) fileTimes.set(photo.ref.fileId, { fileId: photo.ref.fileId, size: photo.ref.size, startEpochMs: null, doneEpochMs: null });
    timesSubscription = workspace.documents.progress$.subscribe((progress) => {
      const now = nowEpochMs();
      for (const [fileId, state] of progress) {
        const times = fileTimes.get(fileId);
        if (!times) continue;
        if (state.state !== 'waiting' && times.startEpochMs === null) times.startEpochMs = now;
        if (state.state === 'done' && times.doneEpochMs === null) times.doneEpochMs = now;
      }
    });
    const startEpochMs = nowEpochMs();
    releaseLock();
    releaseLock = undefined;
    await heldLock;
    return { startEpochMs };
  },

  async awaitUploads(timeoutMs) {
    if (!workspace) throw new Error('attachAll first');
    const ids = attached.map((photo) => photo.ref.fileId);
    const finished = (progress: ReadonlyMap<string, UploadProgress>): boolean =>
      ids.every((id) => progress.get(id)?.state === 'done') || ids.some((id) => progress.get(id)?.state === 'failed');
    const last = await withTimeout(firstValueFrom(workspace.documents.progress$.pipe(filter(finished))), timeoutMs, 'the uploads');
    const doneEpochMs = nowEpochMs();
    timesSubscription?.unsubscribe();
    return {
      doneEpochMs,
      files: ids.map((id) => fileTimes.get(id)!),
      requests: requestsMatching('/api/uploads'),
      states: ids.map((id) => last.get(id)!),
    };
  },

  async rawPuts(timeoutMs) {
    if (!workspace) throw new Error('attachAll first');
    // Exactly the bytes the app kept (and sent), read back from the device (a blob: URL, no network).
    const kept: Blob[] = [];
    for (const photo of attached) {
      const url = await workspace.documents.objectUrl(photo.ref, photo.applicationId);
      if (!url) throw new Error(`the bytes of ${photo.ref.fileId} are not on the device`);
      kept.push(await (await fetch(url)).blob());
    }
    const sha256 = await Promise.all(kept.map(sha256Hex));
    const started = performance.now();
    const startEpochMs = nowEpochMs();
    let bytesDrained = 0;
    for (const bytes of kept) bytesDrained += await drain(bytes, timeoutMs);
    const ms = performance.now() - started;
    return {
      ms, startEpochMs, endEpochMs: nowEpochMs(), requests: kept.length,
      bytesSent: kept.reduce((sum, blob) => sum + blob.size, 0), bytesDrained, sha256,
    };
  },

  async probe(bytes) {
    const body = new Blob([new Uint8Array(bytes)]);
    const started = performance.now();
    const drained = await drain(body, 120_000);
    return { ms: performance.now() - started, drained };
  },

  async close() {
    timesSubscription?.unsubscribe();
    releaseLock?.();
    await workspace?.close();
    workspace = undefined;
  },
};

(window as unknown as { uploadBench?: UploadBenchApi }).uploadBench = api;
