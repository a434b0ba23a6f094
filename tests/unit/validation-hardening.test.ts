import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { catalogSchema } from '../../common/catalog-schema.js';
import type { ApiProblem } from '../../common/sync-protocol.js';
import { capProblems, MAX_ANSWERS, MAX_LISTED_PROBLEMS, PROTOTYPE_NAMES, pushRequestProblems } from '../../sync-server/validation.js';

const wireDoc = (extra: Partial<ApplicationWireDoc> = {}): ApplicationWireDoc => ({
  id: 'draft-0001-abcd', ownerId: 'user-1', permitTypeId: 'siup', catalogVersion: 1, status: 'draft',
  answers: {}, createdAt: '2024-03-17T08:00:00.000Z', updatedAt: 1_710_662_400_000, _deleted: false, ...extra,
});
const push = (doc: unknown): unknown => ({ rows: [{ newDocumentState: doc }] });
const problem = (index: number): ApiProblem => ({ path: `/p/${index}`, message: { id: `masalah ${index}`, en: `problem ${index}` } });

describe('capProblems', () => {
  it('keeps a short list as it is', () => {
    const problems = Array.from({ length: MAX_LISTED_PROBLEMS }, (_, index) => problem(index));
    assert.deepEqual(capProblems(problems), problems);
  });

  it('lists the first ones and counts the rest in both languages, never more than the cap in all', () => {
    const capped = capProblems(Array.from({ length: 1000 }, (_, index) => problem(index)));
    assert.equal(capped.length, MAX_LISTED_PROBLEMS);
    assert.deepEqual(capped[MAX_LISTED_PROBLEMS - 2], problem(MAX_LISTED_PROBLEMS - 2));
    assert.deepEqual(capped.at(-1)?.message, { id: `dan ${1000 - MAX_LISTED_PROBLEMS + 1} masalah lain`, en: `and ${1000 - MAX_LISTED_PROBLEMS + 1} more problems` });
  });

  it('counts problems that were never described (only their number is known)', () => {
    assert.equal(capProblems([problem(0)], 60, 50).at(-1)?.message.en, 'and 11 more problems');
  });
});

describe('pushRequestProblems: what cannot be kept as sent', () => {
  it('allows as many answers as a permit type can have fields, and no more', () => {
    assert.equal(MAX_ANSWERS, catalogSchema.properties.permitTypes.items.properties.fields.maxItems, 'the same bound as the catalog');
    const answers = (count: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, index) => [`a${index}`, '']));
    assert.deepEqual(pushRequestProblems(push(wireDoc({ answers: answers(MAX_ANSWERS) }))), []);
    const problems = pushRequestProblems(push(wireDoc({ answers: answers(MAX_ANSWERS + 1) })));
    assert.equal(problems[0]?.path, '/rows/0/newDocumentState/answers');
  });

  it('answers 100,000 keys that break the key pattern with one problem, not one per key', () => {
    const answers = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`_${index}`, '']));
    const problems = pushRequestProblems(push(wireDoc({ answers })));
    assert.ok(problems.length <= 2, `${problems.length} problems`);
  });

  it('refuses every Object.prototype name in answers, address parts, group items and documents', () => {
    assert.ok(PROTOTYPE_NAMES.includes('toString') && PROTOTYPE_NAMES.includes('__proto__') && PROTOTYPE_NAMES.includes('prototype'), 'the list');
    for (const name of PROTOTYPE_NAMES.filter((key) => /^[a-z]/.test(key))) {
      const at = (doc: ApplicationWireDoc): string[] => pushRequestProblems(push(doc)).map((found) => found.path);
      assert.ok(at(wireDoc({ answers: { [name]: 'x' } })).includes(`/rows/0/newDocumentState/answers/${name}`), name);
      assert.ok(at(wireDoc({ answers: { home: { [name]: 'x' } } })).includes(`/rows/0/newDocumentState/answers/home/${name}`), name);
      assert.ok(at(wireDoc({ answers: { partners: [{ [name]: 'x' }] } })).includes(`/rows/0/newDocumentState/answers/partners/0/${name}`), name);
    }
  });

  it('accepts only ADDRESS_PARTS in a citizen address', () => {
    assert.deepEqual(pushRequestProblems(push(wireDoc({ citizen: { address: { street: 'Jl. Mawar', postalCode: '76113' } } }))), []);
    const problems = pushRequestProblems(push(wireDoc({ citizen: { address: { street: 'Jl. Mawar', constructor: 'x' } } })));
    assert.ok(problems.some((found) => found.path === '/rows/0/newDocumentState/citizen/address/constructor'), JSON.stringify(problems));
  });
});
