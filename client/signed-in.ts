/**
 * Everything a signed-in person needs and the sign-in screen does not: the workspace (RxDB on
 * Dexie, replication, documents and uploads) and the screens after sign-in (drafts, form, permit
 * picker, receipt with its QR code, sync status, the office's area; the admin screens are a chunk
 * of their own that ptsp-app loads for /admin). ptsp-app imports this module dynamically when it
 * opens the workspace, so a first visit on 3G downloads and runs only the sign-in first (issue 8:
 * this part is about three quarters of the app's bytes). The service worker precaches it too, so
 * it opens offline like the rest.
 *
 * A screen shown only after sign-in belongs here, not in a static import of ptsp-app or the sign-in.
 */
export { NotReadyError, Workspace } from './data/workspace.js';
import './features/intake/ptsp-intake-area.js';
import './features/office/ptsp-office-home.js';
import './ui/ptsp-reauth-prompt.js';
import './ui/ptsp-storage-notice.js';
import './ui/ptsp-sync-status.js';
