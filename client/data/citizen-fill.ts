/**
 * Booth filings: the applicant fields a permit type fills from the walk-in citizen's block
 * (`fromCitizen` on a catalog field), so booth staff type the NIK, name and phone once. The rule
 * lives here, not in a component: the workspace applies it on every citizen keystroke, and the
 * form asks it which fields to show as "filled from the citizen".
 */
import type { AnswerValue, ApplicationDoc, CitizenIdentity } from '../../common/application-schema.js';
import type { CitizenSource, FieldDefinition, PermitType } from '../../common/catalog.js';

export type CitizenPart = CitizenSource;

/** Which part of the citizen a field is filled from (`fromCitizen`, demo catalog v4), if any. */
export function citizenSourceOf(field: FieldDefinition): CitizenPart | undefined {
  return field.fromCitizen;
}

const blank = (value: AnswerValue | undefined): boolean => value === undefined || value === null || value === '';

/**
 * The answers after a change of the citizen's identity: each field filled from a changed part
 * takes its new value where it is empty or still holds the part's previous value (it was filled
 * from the citizen). What someone typed into the field itself, a different value, is kept.
 */
export function answersFollowingCitizen(
  permitType: PermitType | undefined, doc: ApplicationDoc, change: CitizenIdentity,
): ApplicationDoc['answers'] {
  let answers = doc.answers;
  for (const field of permitType?.fields ?? []) {
    const part = citizenSourceOf(field);
    if (!part || !(part in change)) continue;
    const next = change[part];
    const previous = doc.citizen?.[part];
    const answer = answers[field.id];
    if (!(blank(answer) || answer === previous) || answer === next) continue;
    const id = field.id;
    answers = blank(next) ? Object.fromEntries(Object.entries(answers).filter(([key]) => key !== id)) : { ...answers, [id]: next as string };
  }
  return answers;
}

/** Whether a field shows the citizen's value instead of an input of its own: it holds exactly that value. */
export function filledFromCitizen(field: FieldDefinition, doc: ApplicationDoc): boolean {
  const part = citizenSourceOf(field);
  const value = part ? doc.citizen?.[part] : undefined;
  return value !== undefined && value !== '' && doc.answers[field.id] === value;
}

/**
 * The answers a duplicate of a booth filing starts with: those filled from the old citizen are
 * left out, so the next citizen's block fills them again instead of leaving the last person's.
 */
export function answersWithoutCitizen(permitType: PermitType | undefined, doc: ApplicationDoc): ApplicationDoc['answers'] {
  const fromCitizen = new Set((permitType?.fields ?? []).filter((field) => filledFromCitizen(field, doc)).map((field) => field.id));
  return Object.fromEntries(Object.entries(doc.answers).filter(([key]) => !fromCitizen.has(key)));
}
