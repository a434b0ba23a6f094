/**
 * Stand-in for common/access's `applicationReaders` (helper B) until it lands, with the same
 * semantics: owner and claimant as `user:` keys; the office roles once it is no longer a draft;
 * each routed agency while the agencies review it. Replaced by the shared function, then removed.
 */
import type { ApplicationDoc } from '../../../common/application-schema.js';

const AGENCY_STATUSES: readonly string[] = ['in-review', 'needs-information', 'reviewed'];

export function applicationReaders(doc: ApplicationDoc): string[] {
  const keys = [`user:${doc.ownerId}`];
  if (doc.applicantId) keys.push(`user:${doc.applicantId}`);
  if (doc.status !== 'draft') keys.push('role:front-office', 'role:admin');
  const routed = (doc as { routedAgencies?: unknown }).routedAgencies;
  if (AGENCY_STATUSES.includes(doc.status) && Array.isArray(routed)) {
    for (const agency of routed) if (typeof agency === 'string') keys.push(`agency:${agency}`);
  }
  return keys;
}
