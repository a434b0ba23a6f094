/**
 * The files kept on this device: the account database's `deviceFiles` collection, never
 * replicated. Each holds a file's metadata, its bytes (an RxDB attachment, a Blob in IndexedDB)
 * and where its upload stands; the application document only carries its DocumentRef.
 */
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { addRxPlugin, type RxCollection, type RxDatabase, type RxDocument } from 'rxdb/plugins/core';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { LocalizedText } from '../../../common/catalog.js';
import type { UploadDeclaration } from '../../../common/upload-protocol.js';

addRxPlugin(RxDBAttachmentsPlugin);

export type UploadProgressState = 'waiting' | 'uploading' | 'done' | 'failed';

/** Where one file kept on this device stands on its way to the store. */
export interface UploadProgress {
  applicationId: string;
  /** Bytes the server has confirmed. */
  sent: number;
  total: number;
  state: UploadProgressState;
  /** Why it failed, or why it is waiting (e.g. the session ended), in both languages. */
  error?: LocalizedText;
}

type StoredUploadState = 'pending' | 'uploading' | 'done' | 'failed';

/** One file on this device (collection `deviceFiles`, never replicated). */
export interface DeviceFileDoc extends Omit<UploadDeclaration, 'fileId'> {
  /** The fileId of the DocumentRef. */
  id: string;
  /** Empty when it was fetched for display without knowing the requirement. */
  requirementId: string;
  /** `done`: the store has every byte and checked the digest (or the file came from there). */
  state: StoredUploadState;
  receivedBytes: number;
  /** Milliseconds since the epoch when it was kept here; the queue sends oldest first. */
  createdAt: number;
  lastError?: LocalizedText;
}

export type DeviceFileCollection = RxCollection<DeviceFileDoc>;
export type DeviceFile = RxDocument<DeviceFileDoc>;

const COLLECTION = 'deviceFiles';
const BYTES_ATTACHMENT = 'bytes';

const deviceFileSchema = {
  title: 'requirement document kept on this device',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    applicationId: { type: 'string', maxLength: 64 },
    requirementId: { type: 'string', maxLength: 64 },
    fileName: { type: 'string', maxLength: 200 },
    mimeType: { type: 'string', maxLength: 100 },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', maxLength: 64 },
    state: { type: 'string', enum: ['pending', 'uploading', 'done', 'failed'], maxLength: 20 },
    receivedBytes: { type: 'integer', minimum: 0 },
    createdAt: { type: 'integer', minimum: 0 },
    lastError: {
      type: 'object',
      properties: { id: { type: 'string' }, en: { type: 'string' } },
      required: ['id', 'en'],
    },
  },
  required: ['id', 'applicationId', 'requirementId', 'fileName', 'mimeType', 'size', 'sha256', 'state', 'receivedBytes', 'createdAt'],
  attachments: {},
} as const;

/** The account database's file collection, added on first use. */
export async function openDeviceFiles(database: RxDatabase): Promise<DeviceFileCollection> {
  const existing = database.collections[COLLECTION] as DeviceFileCollection | undefined;
  return existing ?? ((await database.addCollections({ [COLLECTION]: { schema: deviceFileSchema } }))[COLLECTION] as DeviceFileCollection);
}

/** One write: the document and its bytes are kept together or not at all. */
export async function insertWithBytes(collection: DeviceFileCollection, data: DeviceFileDoc, bytes: Blob): Promise<void> {
  await collection.insert({
    ...data,
    _attachments: [{ id: BYTES_ATTACHMENT, type: data.mimeType, data: bytes }],
  } as unknown as DeviceFileDoc);
}

/** The file's bytes, or undefined when the browser lost them. */
export async function bytesOf(doc: DeviceFile): Promise<Blob | undefined> {
  try {
    return (await doc.getAttachment(BYTES_ATTACHMENT)?.getData()) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a file on this device stands: named by its application (`current`), replaced by another
 * file, its application gone (a deleted draft), or `kept`: not named, but listed in a change the
 * server did not apply (refused-changes.ts `notAppliedDocuments`), so neither sent nor forgotten
 * while the person may still want it.
 */
export type Standing = 'current' | 'replaced' | 'no-application' | 'kept';

/** Whether the file still answers its requirement in its application on this device. */
export async function standingOf(applications: RxCollection<ApplicationDoc> | undefined, file: DeviceFileDoc): Promise<Standing> {
  if (!applications) return 'current';
  const application = await applications.findOne(file.applicationId).exec();
  if (!application) return 'no-application';
  const ref = (application.toJSON() as ApplicationDoc).documents?.[file.requirementId];
  return ref?.fileId === file.id ? 'current' : 'replaced';
}

export function progressOf(doc: DeviceFileDoc): UploadProgress {
  const state: UploadProgressState = doc.state === 'pending' ? 'waiting' : doc.state;
  return {
    applicationId: doc.applicationId,
    sent: state === 'done' ? doc.size : doc.receivedBytes,
    total: doc.size,
    state,
    ...(doc.lastError ? { error: { id: doc.lastError.id, en: doc.lastError.en } } : {}),
  };
}

export function withoutError(data: DeviceFileDoc): DeviceFileDoc {
  const { lastError: _dropped, ...rest } = data;
  return rest;
}
