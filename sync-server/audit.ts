/**
 * The audit trail: who did what, when, to which document (domain.md: "an audit trail of every
 * action"). Events are only ever added.
 */
import type { AuditEvent, Store } from './store.js';

export type AuditInput = Omit<AuditEvent, 'type' | 'at'>;

export async function recordAudit(store: Store, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date().toISOString();
  const results = await store.audit.bulk({ docs: events.map((event) => ({ type: 'audit' as const, at, ...event })) });
  const failed = results.filter((result) => result.error);
  if (failed.length > 0) throw new Error(`audit trail write failed for ${failed.length} event(s)`);
}
