/**
 * POST /api/uploads: a device declares a file before sending its pieces. Only a file the
 * application itself names, for that requirement, of a kind the requirement accepts and within its
 * size limit, gets a record (StoredFile with no pieces yet).
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { RequirementDocument } from '../../common/catalog.js';
import { ANSWER_KEY_PATTERN, DOCUMENT_ID_PATTERN, SHA256_PATTERN } from '../../common/application-schema.js';
import type { ApiProblem, UserProfile } from '../../common/sync-protocol.js';
import type { UploadDeclaration, UploadState } from '../../common/upload-protocol.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import { log } from '../log.js';
import { isStatus, type StoredApplication, type StoredFile } from '../store.js';
import type { OwnerLock } from '../sync/owner-lock.js';
import { isCheckableKind } from './file-kinds.js';
import type { FileRecords } from './file-records.js';
import { uploadNotFound } from './upload-errors.js';
import { uploadState } from './upload-state.js';

/** Largest file the protocol allows at all (the catalog's maxSizeKb is the real limit per requirement). */
const MAX_FILE_BYTES = 100_000_000;

const declarationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fileId', 'applicationId', 'requirementId', 'fileName', 'mimeType', 'size', 'sha256'],
  properties: {
    fileId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    applicationId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    requirementId: { type: 'string', maxLength: 64, pattern: ANSWER_KEY_PATTERN },
    // A display name only; control characters would end up in a Content-Disposition header.
    fileName: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
    mimeType: { type: 'string', minLength: 3, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$' },
    size: { type: 'integer', minimum: 1, maximum: MAX_FILE_BYTES },
    sha256: { type: 'string', pattern: SHA256_PATTERN },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const checkDeclaration = ajv.compile<UploadDeclaration>(declarationSchema);

const INDONESIAN: Record<string, (error: ErrorObject) => string> = {
  required: (e) => `wajib ada: ${String(e.params.missingProperty)}`,
  additionalProperties: (e) => `isian tidak dikenal: ${String(e.params.additionalProperty)}`,
  maxLength: (e) => `terlalu panjang (paling banyak ${String(e.params.limit)} karakter)`,
  minLength: (e) => `terlalu pendek (paling sedikit ${String(e.params.limit)} karakter)`,
  type: (e) => `tipe data salah (seharusnya ${String(e.params.type)})`,
  pattern: () => 'format tidak sesuai',
  minimum: (e) => `terlalu kecil (paling sedikit ${String(e.params.limit)})`,
  maximum: (e) => `terlalu besar (paling banyak ${String(e.params.limit)})`,
};

function declarationProblems(errors: ErrorObject[] | null | undefined): ApiProblem[] {
  return (errors ?? []).slice(0, 20).map((error) => {
    const key = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}`
      : error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
    return {
      path: `${error.instancePath}${key}` || '/',
      message: {
        id: INDONESIAN[error.keyword]?.(error) ?? `tidak sesuai aturan "${error.keyword}"`,
        en: error.message ?? error.keyword,
      },
    };
  });
}

const sameDeclaration = (doc: StoredFile, declaration: UploadDeclaration): boolean =>
  doc.applicationId === declaration.applicationId && doc.requirementId === declaration.requirementId
  && doc.fileName === declaration.fileName && doc.mimeType === declaration.mimeType
  && doc.size === declaration.size && doc.sha256 === declaration.sha256;

export class UploadDeclarations {
  constructor(
    private readonly files: FileRecords,
    private readonly catalogs: CatalogService,
    private readonly locks: OwnerLock,
    /** Called when a complete file is declared again: the application may still wait for its number. */
    private readonly onFileComplete: (applicationId: string) => Promise<void>,
  ) {}

  /** Creates the file record (created: true), or answers the existing one when declared the same way again. */
  async declare(user: UserProfile, body: unknown): Promise<{ created: boolean; state: UploadState }> {
    if (!checkDeclaration(body)) throw invalidInput(declarationProblems(checkDeclaration.errors));
    const declaration: UploadDeclaration = { ...body, mimeType: body.mimeType.toLowerCase() };
    return this.locks.run(declaration.fileId, () => this.declareLocked(user, declaration, true));
  }

  private async declareLocked(user: UserProfile, declaration: UploadDeclaration, retry: boolean): Promise<{ created: boolean; state: UploadState }> {
    const application = await this.files.access.accessibleApplication(user, declaration.applicationId);
    if (!application) {
      throw new ApiError(404, 'application-not-found',
        'Permohonan untuk berkas ini belum ada di server (atau bukan milik Anda). Berkas dikirim lagi nanti.',
        'The application of this file is not on the server yet (or is not yours). The file will be sent again later.');
    }
    const existing = await this.files.read(declaration.fileId);
    if (existing) {
      if (existing.applicationId !== declaration.applicationId
        && !(await this.files.access.accessibleApplication(user, existing.applicationId))) throw uploadNotFound();
      if (sameDeclaration(existing, declaration)) {
        // Declared again after it was complete (a device that lost the answer): the application may
        // still wait for its number if the server stopped in between.
        if (existing.complete) await this.onFileComplete(existing.applicationId).catch((error: unknown) => log.error({ event: 'registration-failed', err: error }, 'registration after a repeated declaration failed'));
        return { created: false, state: uploadState(existing) };
      }
      throw new ApiError(409, 'upload-declaration-conflict',
        'Berkas dengan kode ini sudah didaftarkan dengan data lain (nama, jenis, ukuran, atau sidik berbeda).',
        'A file with this id was already declared with other details (name, type, size or digest differ).');
    }

    const requirement = await this.requirementOf(application, declaration.requirementId);
    const accepted = requirement.accepts.map((type) => type.toLowerCase());
    if (!accepted.includes(declaration.mimeType) || !isCheckableKind(declaration.mimeType)) {
      throw new ApiError(415, 'unsupported-file-type',
        `Jenis berkas ${declaration.mimeType} tidak diterima untuk "${requirement.name.id}". Yang diterima: ${accepted.join(', ')}.`,
        `The file type ${declaration.mimeType} is not accepted for "${requirement.name.en}". Accepted: ${accepted.join(', ')}.`);
    }
    if (declaration.size > requirement.maxSizeKb * 1024) {
      throw new ApiError(413, 'file-too-large',
        `Berkas terlalu besar untuk "${requirement.name.id}": paling besar ${requirement.maxSizeKb} KB.`,
        `The file is too large for "${requirement.name.en}": at most ${requirement.maxSizeKb} KB.`);
    }

    // Only a file the application itself names, for that requirement: nobody can park other bytes
    // behind an application, or take the id of a file another application names. Until the
    // application's new state arrives, the device hears "not yet" and tries again later.
    const named = application.documents?.[declaration.requirementId];
    if (named?.fileId !== declaration.fileId || named.sha256 !== declaration.sha256 || named.size !== declaration.size
      || named.mimeType.toLowerCase() !== declaration.mimeType) {
      throw new ApiError(404, 'application-not-found',
        'Permohonan di server belum menyebut berkas ini. Berkas dikirim lagi nanti.',
        'The application on the server does not name this file yet. The file will be sent again later.');
    }
    const doc: StoredFile = {
      _id: declaration.fileId,
      type: 'file',
      applicationId: declaration.applicationId,
      requirementId: declaration.requirementId,
      fileName: declaration.fileName,
      mimeType: declaration.mimeType,
      size: declaration.size,
      sha256: declaration.sha256,
      uploadedBy: user.userId,
      receivedBytes: 0,
      complete: false,
      createdAt: new Date().toISOString(),
    };
    try {
      await this.files.store.files.insert(doc);
    } catch (error) {
      // Another server process created it in between: answer as if it had been there.
      if (isStatus(error, 409) && retry) return this.declareLocked(user, declaration, false);
      throw error;
    }
    return { created: true, state: uploadState(doc) };
  }

  private async requirementOf(application: StoredApplication, requirementId: string): Promise<RequirementDocument> {
    const catalog = await this.catalogs.version(application.catalogVersion);
    const permitType = catalog?.permitTypes.find((type) => type.id === application.permitTypeId);
    const requirement = permitType?.requirements.find((candidate) => candidate.id === requirementId);
    if (!requirement) {
      const shown = requirementId.slice(0, 64);
      throw new ApiError(422, 'unknown-requirement',
        `Dokumen persyaratan "${shown}" tidak ada pada jenis izin ${application.permitTypeId} (katalog versi ${application.catalogVersion}).`,
        `The requirement document "${shown}" does not belong to permit type ${application.permitTypeId} (catalog version ${application.catalogVersion}).`,
        [{ path: '/requirementId', message: { id: `tidak dikenal: ${shown}`, en: `unknown: ${shown}` } }]);
    }
    return requirement;
  }
}
