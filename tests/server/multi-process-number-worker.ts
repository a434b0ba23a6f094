/**
 * A separate process that numbers applications, for tests/server/multi-process-registration.test.ts:
 * `node --import tsx multi-process-number-worker.ts <store url> <type code> <application ids, comma-separated> [proxy202]`.
 * Prints one JSON line `{ "<application id>": "<registration number>" }`. Nothing is shared with
 * the test process or the other worker but the store.
 */
import { connectStore } from '../../sync-server/store.js';
import { RegistrationNumbers } from '../../sync-server/sync/registration-numbers.js';

const [storeUrl, typeCode, idList] = process.argv.slice(2);
if (!storeUrl || !typeCode || !idList) throw new Error('usage: <store url> <type code> <application ids>');
const numbers = new RegistrationNumbers(connectStore(storeUrl), 'Asia/Jakarta');
const given: Record<string, string> = {};
// A few at once, as concurrent pushes of one process would (each under its own claim).
const ids = idList.split(',');
let next = 0;
await Promise.all(Array.from({ length: 4 }, async () => {
  for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
    given[id] = (await numbers.numberFor(id, 'tdp', typeCode)).registrationNumber;
  }
}));
process.stdout.write(`${JSON.stringify(given)}\n`);
