/**
 * Shows a file: an object URL of its bytes from this device or, for a file attached on another
 * device (the applicant's phone, the booth's tablet), fetched once from the server while online,
 * checked against its DocumentRef's size and digest, and kept here for the next time (offline).
 */
import type { RxCollection } from 'rxdb/plugins/core';
import type { ApplicationDoc, DocumentRef } from '../../../common/application-schema.js';
import { apiBlob, type ApiRequestInit } from '../api.js';
import { bytesOf, insertWithBytes, type DeviceFileCollection } from './device-files.js';
import { sha256Hex } from './file-kinds.js';

export class FileDownloads {
  /** One object URL per file, owned here: revoked when the file is forgotten or the store closes. */
  private readonly urls = new Map<string, string>();
  /** A file being fetched is fetched once, however many elements ask for it. */
  private readonly downloads = new Map<string, Promise<string | undefined>>();
  private closed = false;

  constructor(
    private readonly collection: DeviceFileCollection,
    private readonly applications: RxCollection<ApplicationDoc> | undefined,
    private readonly requestInit: Pick<ApiRequestInit, 'headers' | 'fetch'>,
  ) {}

  /** `applicationId` lets a fetched file be kept as that application's. Do not revoke the URL. */
  async objectUrl(ref: DocumentRef, applicationId?: string): Promise<string | undefined> {
    const cached = this.urls.get(ref.fileId);
    if (cached) return cached;
    const doc = await this.collection.findOne(ref.fileId).exec();
    const bytes = doc ? await bytesOf(doc) : undefined;
    if (bytes) return this.urlFor(ref.fileId, bytes);
    if (this.closed || !navigator.onLine) return undefined;
    let download = this.downloads.get(ref.fileId);
    if (!download) {
      download = this.download(ref, applicationId).catch(() => undefined).finally(() => this.downloads.delete(ref.fileId));
      this.downloads.set(ref.fileId, download);
    }
    return download;
  }

  /** The file is gone from this device: its URL goes too. */
  forget(fileId: string): void {
    const url = this.urls.get(fileId);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(fileId);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.downloads.values()]);
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }

  private urlFor(fileId: string, bytes: Blob): string {
    let url = this.urls.get(fileId);
    if (!url) {
      url = URL.createObjectURL(bytes);
      this.urls.set(fileId, url);
    }
    return url;
  }

  private async download(ref: DocumentRef, applicationId: string | undefined): Promise<string | undefined> {
    const blob = await apiBlob(`/files/${encodeURIComponent(ref.fileId)}`, { ...this.requestInit, timeoutMs: 120_000 });
    const buffer = await blob.arrayBuffer();
    if (buffer.byteLength !== ref.size || (await sha256Hex(buffer)) !== ref.sha256) return undefined;
    const bytes = new Blob([buffer], { type: ref.mimeType });
    if (this.closed) return undefined;
    let requirementId = '';
    if (applicationId && this.applications) {
      const application = await this.applications.findOne(applicationId).exec();
      const documents = (application?.toJSON() as ApplicationDoc | undefined)?.documents ?? {};
      requirementId = Object.entries(documents).find(([, known]) => known.fileId === ref.fileId)?.[0] ?? '';
    }
    try {
      await insertWithBytes(this.collection, {
        id: ref.fileId, applicationId: applicationId ?? '', requirementId, fileName: ref.fileName, mimeType: ref.mimeType,
        size: ref.size, sha256: ref.sha256, state: 'done', receivedBytes: ref.size, createdAt: Date.now(),
      }, bytes);
    } catch {
      // Another tab kept it first; the bytes are the same (same digest).
    }
    return this.urlFor(ref.fileId, bytes);
  }
}
