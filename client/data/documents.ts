/**
 * Requirement documents on the device: compressed, kept locally (shown offline), uploaded in
 * resumable pieces when a connection exists (common/upload-protocol.ts). The work is in
 * client/data/files/, one module per job:
 *
 * - device-files.ts: the local file collection (`deviceFiles`, never replicated: metadata, bytes
 *   as an RxDB attachment, upload state);
 * - file-kinds.ts, file-refusals.ts, file-preparation.ts: what a file is, why it is refused, and
 *   the compression that makes a photo fit;
 * - upload-queue.ts: sending, one file at a time, resumable, across reloads and tabs;
 * - file-downloads.ts: showing a file attached on another device (fetched once, checked, kept);
 * - pending-uploads.ts: how many files still wait, as the sync pill counts them;
 * - document-store.ts: the DocumentStore that ties them together for the Workspace and screens.
 *
 * This module is the entry the rest of the app imports from.
 */
export { DEFAULT_PHOTO_TARGET_KB, DocumentStore, type DocumentStoreOptions, type SetDocumentRef } from './files/document-store.js';
export type { DeviceFileDoc, UploadProgress, UploadProgressState } from './files/device-files.js';
export { describeKinds, describeSize } from './files/file-kinds.js';
export { DocumentRefusedError } from './files/file-refusals.js';
