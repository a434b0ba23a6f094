/**
 * A keystroke's answer, written synchronously to localStorage before its asynchronous save to
 * IndexedDB, and removed once that save is done. Why: the save takes several asynchronous steps
 * (Lit event, RxDB's write queue, a Dexie transaction); a tab closed, crashed or killed within those
 * few milliseconds loses the last answer (seen in the e2e: a choice made just before the tab was
 * closed came back empty). localStorage is written before the event handler returns, so the answer
 * survives, and the next Workspace.open of the account puts it where it belongs.
 *
 * Each tab names its entries and holds a Web Lock for as long as it lives: an entry is replayed only
 * when its tab is gone, never under a tab whose save is merely still running.
 */
import type { AnswerValue } from '../../common/application-schema.js';

const PREFIX = 'ptsp-typing:';
const TAB = crypto.randomUUID();
const tabLock = (tab: string): string => `ptsp-tab:${tab}`;

interface JournalEntry {
  tab: string;
  userId: string;
  draftId: string;
  fieldId: string;
  value: AnswerValue;
  /** Device time of the keystroke: an entry older than the draft's last change is not replayed. */
  at: number;
}

let holding = false;
/** The text this tab last wrote per key: only this tab writes its keys, so no read is needed to compare. */
const lastWritten = new Map<string, string>();

/** Holds this tab's lock until the tab is gone (the callback's promise never settles). */
function holdTabLock(): void {
  if (holding || !navigator.locks) return;
  holding = true;
  void navigator.locks.request(tabLock(TAB), () => new Promise<void>(() => undefined));
}

const keyOf = (userId: string, draftId: string, fieldId: string, tab: string = TAB): string => `${PREFIX}${userId}:${draftId}:${fieldId}:${tab}`;

/**
 * Records a keystroke before it is saved. Returns a function that removes the record once the save
 * is done (unless a newer keystroke of the same field replaced it meanwhile).
 */
export function journalKeystroke(userId: string, draftId: string, fieldId: string, value: AnswerValue): () => void {
  holdTabLock();
  const key = keyOf(userId, draftId, fieldId);
  const entry: JournalEntry = { tab: TAB, userId, draftId, fieldId, value, at: Date.now() };
  const text = JSON.stringify(entry);
  try {
    localStorage.setItem(key, text);
    lastWritten.set(key, text);
  } catch {
    // Full or blocked: the save to IndexedDB still happens; only the crash window is not covered.
    return () => undefined;
  }
  return () => {
    // A newer keystroke of the same field replaced this entry: its own save removes it.
    if (lastWritten.get(key) !== text) return;
    lastWritten.delete(key);
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing to do: a stale entry is ignored later (its draft has changed since).
    }
  };
}

/**
 * Keystrokes of this account whose tab ended before their save was done, oldest first. Each is
 * removed from the journal as it is handed out; the caller saves it.
 */
export async function takeUnsavedKeystrokes(userId: string): Promise<Omit<JournalEntry, 'tab' | 'userId'>[]> {
  holdTabLock();
  const live = new Set<string>();
  if (navigator.locks) {
    const { held = [] } = await navigator.locks.query();
    for (const lock of held) if (lock.name?.startsWith('ptsp-tab:')) live.add(lock.name.slice('ptsp-tab:'.length));
  }
  const found: JournalEntry[] = [];
  for (let index = 0; index < localStorage.length; index++) {
    const key = localStorage.key(index);
    if (!key?.startsWith(`${PREFIX}${userId}:`)) continue;
    try {
      const entry = JSON.parse(localStorage.getItem(key) ?? '') as JournalEntry;
      // Without Web Locks no tab can be told alive: only entries of other tabs older than a minute.
      const gone = navigator.locks ? !live.has(entry.tab) : entry.tab !== TAB && Date.now() - entry.at > 60_000;
      if (entry.userId === userId && gone) found.push(entry);
    } catch {
      // Not ours to understand: left alone.
    }
  }
  for (const entry of found) localStorage.removeItem(keyOf(entry.userId, entry.draftId, entry.fieldId, entry.tab));
  return found.sort((a, b) => a.at - b.at).map(({ draftId, fieldId, value, at }) => ({ draftId, fieldId, value, at }));
}
