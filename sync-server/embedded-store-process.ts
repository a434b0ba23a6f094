/**
 * The embedded CouchDB-compatible store: PouchDB Server's HTTP layer (express-pouchdb, which
 * brings its own Express 4) over LevelDB files in DATA_DIR.
 *
 * It runs as its own process, listening on 127.0.0.1 only, so that the sync server reaches it over
 * HTTP exactly as it reaches an Apache CouchDB 3 in production: the same nano code, no shortcuts.
 * The parent learns the port through the IPC channel.
 *
 * Every request must carry the store's credentials (HTTP Basic, from credentials.json in the store's
 * folder, see embedded-store.ts); any other is answered 401 before express-pouchdb sees it.
 */
import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CREDENTIALS_FILE, storeCredentials } from './embedded-store.js';
import { installFastViews } from './embedded-store-views.js';
import { log } from './log.js';
import { REACH_DESIGN_DOC } from './store.js';

const require = createRequire(import.meta.url);
// PouchDB would build the reach view in a new vm context per document (embedded-store-views.ts).
installFastViews(Object.values(REACH_DESIGN_DOC.views).map((view) => view.map));
// express-pouchdb and pouchdb ship no types we rely on: we only hand one to the other.
const PouchDB = require('pouchdb') as { defaults(options: object): object };
const expressPouchDB = require('express-pouchdb') as (pouch: object, options: object) => http.RequestListener;

const dataDir = path.resolve(process.env.STORE_DIR ?? '.data/store');
const credentials = storeCredentials(dataDir);

/**
 * express-pouchdb's log (log.txt) now gets errors only: requests are no longer logged (below), as
 * older versions did, typed sign-in names among them (GET /ptsp_users/user:<name>), never rotated.
 * Rotated at each start: the last run's log is kept as log.txt.1, the one before is dropped.
 */
const logFile = path.join(dataDir, 'log.txt');
fs.rmSync(`${logFile}.1`, { force: true });
if (fs.existsSync(logFile) && fs.statSync(logFile).size > 0) fs.renameSync(logFile, `${logFile}.1`);

const LocalPouch = PouchDB.defaults({ prefix: `${dataDir}${path.sep}` });
const app = expressPouchDB(LocalPouch, {
  mode: 'fullCouchDB',
  configPath: path.join(dataDir, 'config.json'),
  logPath: path.join(dataDir, 'log.txt'),
  // Fauxton would be a second UI onto the data. The request log would keep typed sign-in names;
  // /_log would serve what is left of it (errors).
  overrideMode: { exclude: ['routes/fauxton', 'routes/http-log', 'routes/log'] },
});

/** Compared as digests: equal lengths, so the comparison's time says nothing about the secret. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const expected = digest(`Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`);

const requestedPort = Number(process.env.STORE_PORT ?? 0);
const server = http.createServer((req, res) => {
  if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
    res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="ptsp-store"', Connection: 'close' });
    res.end(JSON.stringify({ error: 'unauthorized', reason: `Credentials required (see ${CREDENTIALS_FILE} in the store folder).` }));
    return;
  }
  // express-pouchdb has no admins configured (its "admin party"); given a Basic header it would
  // look the name up in its own _users and refuse it.
  delete req.headers.authorization;
  app(req, res);
});
server.listen(requestedPort, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  if (process.send) process.send({ type: 'listening', port });
  else log.info({ event: 'store-listening', port }, 'embedded store listening');
});

const stop = (): void => {
  server.close(() => process.exit(0));
  // Open keep-alive sockets would hold close() forever.
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent died: never outlive it as an orphan holding the LevelDB lock.
process.on('disconnect', stop);
