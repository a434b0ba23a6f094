/**
 * What the shell (ptsp-app) hands every screen without passing it down element by element
 * (@lit/context): the signed-in account's data layer, and who is signed in in which language.
 *
 * A component that needs one declares `@consume({ context: workspaceContext, subscribe: true })`;
 * it gets the value from the nearest provider above it in the page, and a new one whenever the
 * shell changes it (sign-in, sign-out, the language toggle). Components still reach the data layer
 * only through the Workspace (client/data/), never RxDB or the network themselves.
 */
import { createContext } from '@lit/context';
import type { UserProfile } from '../../common/sync-protocol.js';
// A type only: the workspace (RxDB) loads after sign-in (client/signed-in.ts).
import type { Workspace } from '../data/workspace.js';
import type { Language } from '../i18n/localize.js';

/** The signed-in account's data layer; undefined while signed out or while it opens. */
export const workspaceContext = createContext<Workspace | undefined>(Symbol('ptsp-workspace'));

/** Who is signed in (undefined: nobody) and the language the screens are in. */
export interface SessionInfo {
  user: UserProfile | undefined;
  language: Language;
}

export const sessionContext = createContext<SessionInfo>(Symbol('ptsp-session'));
