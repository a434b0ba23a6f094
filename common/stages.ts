/**
 * The stages of an application as the applicant and the public see them: each status it entered
 * and the registration, with the server's time. Written once here for the server's history route
 * (sync-server/office/history.ts) and public tracking (public-routes.ts), and for the applicant's
 * own device, which holds the same server-owned fields offline (ptsp-application-stages).
 */
import type { ApplicationDoc } from './application-schema.js';
import type { TrackingStage } from './sync-protocol.js';

/**
 * The stages an application went through, with the server time of each: from `stages` (set by the
 * server on every status change), or, for an application stored before `stages` was kept, made from
 * the fields it has (submitted, registered, returned). A registration number given is a stage of
 * its own (`registered`), in time order with the others.
 */
export function stagesOf(doc: ApplicationDoc & { stages?: TrackingStage[] | undefined }): TrackingStage[] {
  const recorded = (doc.stages ?? []).filter((stage) => stage.stage !== 'draft').map((stage) => ({ stage: stage.stage, at: stage.at }));
  const stages: TrackingStage[] = recorded.length > 0 ? recorded
    : doc.status === 'returned' && doc.returnedAt ? [{ stage: 'returned', at: doc.returnedAt }] : [];
  // Submitted before `stages` existed (and moved on since): its submission is still a stage.
  if (doc.submittedAt && !stages.some((stage) => stage.stage === 'submitted')) stages.push({ stage: 'submitted', at: doc.submittedAt });
  if (doc.registeredAt && !stages.some((stage) => stage.stage === 'registered')) stages.push({ stage: 'registered', at: doc.registeredAt });
  // A stable sort: stages of the same instant keep the order they were entered in.
  return stages.map((stage, index) => ({ stage, index }))
    .sort((a, b) => a.stage.at.localeCompare(b.stage.at) || a.index - b.index)
    .map(({ stage }) => stage);
}
