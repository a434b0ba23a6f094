/**
 * Office actions on this device (issue 9): the front office's accept or return, an agency's note or
 * recommendation, an applicant's answer. An action is a document made here with its own id, offline
 * too; replication carries it to the server, which applies it exactly once or refuses it (a stale
 * one: the application moved on) and sends it back with its outcome. Screens call `act` (through
 * Workspace.office) and watch `actionsOf`; `allowedActions` (common/workflow/transitions.ts) says what to offer.
 */
import { map, type Observable } from 'rxjs';
import type { ApplicationStatus } from '../../common/application-schema.js';
import type { OfficeActionDoc, OfficeActionKind } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { ActionCollection } from './database.js';

/** What a screen says of an action; the rest (id, actor, times) is made here. */
export type ActionInput = Omit<OfficeActionDoc, 'id' | 'actorId' | 'createdAt' | 'updatedAt' | 'kind' | 'applicationId' | 'basedOnStatus'
  | 'agencyId' | 'actorRole' | 'outcome' | 'outcomeCode' | 'outcomeReason' | 'appliedAt'>;

export class OfficeDesk {
  /** @param changed records the action as waiting to be sent (the status pill counts it until the server has it). */
  constructor(private readonly user: UserProfile, private readonly actions: ActionCollection,
    private readonly changed: (id: string, updatedAt: number) => Promise<void> = () => Promise.resolve()) {}

  /**
   * Makes an action on `applicationId` as the person saw it (`basedOnStatus`: a different status on
   * the server makes it stale there). Never edited afterwards: a change of mind is a new action.
   */
  async act(kind: OfficeActionKind, applicationId: string, basedOnStatus: ApplicationStatus, input: ActionInput = {}): Promise<OfficeActionDoc> {
    const now = Date.now();
    const action: OfficeActionDoc = {
      ...input, id: crypto.randomUUID(), applicationId, kind, actorId: this.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now, basedOnStatus,
    };
    await this.actions.insert(action);
    await this.changed(action.id, action.updatedAt);
    return action;
  }

  /** The actions of one application on this device, oldest first (an outcome appears once the server applied or refused it). */
  actionsOf(applicationId: string): Observable<OfficeActionDoc[]> {
    return this.actions.find({ selector: { applicationId }, sort: [{ applicationId: 'asc' }, { updatedAt: 'asc' }] }).$
      .pipe(map((docs) => docs.map((doc) => doc.toJSON() as OfficeActionDoc)));
  }
}
