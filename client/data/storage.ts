/**
 * Whether the browser keeps this origin's offline data, and how much room is left
 * (navigator.storage). A browser that has not granted persistence may delete everything
 * under storage pressure, unsent applications included: the person must be told before a booth
 * fills the device for a day.
 */
import { get, set } from 'idb-keyval';

export interface StorageState {
  /** undefined: the browser cannot tell (no StorageManager). */
  persisted: boolean | undefined;
  /** Bytes this origin may still use, when the browser says. */
  free?: number;
  quota?: number;
}

/** Under this much room left (or a tenth of the quota), a day of photos may not fit: said to everyone. */
const LOW_ROOM_BYTES = 100 * 1024 * 1024;

export async function storageState(): Promise<StorageState> {
  const storage = navigator.storage as StorageManager | undefined;
  const persisted = typeof storage?.persisted === 'function' ? await storage.persisted().catch(() => undefined) : undefined;
  const estimate = typeof storage?.estimate === 'function' ? await storage.estimate().catch(() => undefined) : undefined;
  if (estimate?.quota === undefined) return { persisted };
  return { persisted, quota: estimate.quota, free: Math.max(0, estimate.quota - (estimate.usage ?? 0)) };
}

export function roomIsLow(state: StorageState): boolean {
  return state.free !== undefined && state.quota !== undefined && (state.free < LOW_ROOM_BYTES || state.free < state.quota / 10);
}

/** Asks again (browsers grant it more readily to an installed app, or after a click). */
export async function askToPersist(): Promise<boolean> {
  return (await navigator.storage?.persist?.().catch(() => false)) ?? false;
}

const dismissedKey = (userId: string): string => `storage-notice-dismissed:${userId}`;
const today = (): string => new Date().toLocaleDateString('en-CA');

/** The notice was read today on this device (it comes back the next day: a booth's next day of filing). */
export async function dismissedToday(userId: string): Promise<boolean> {
  return (await get<string>(dismissedKey(userId)).catch(() => undefined)) === today();
}

export async function dismissForToday(userId: string): Promise<void> {
  await set(dismissedKey(userId), today());
}
