/**
 * The embedded CouchDB-compatible store: PouchDB Server's HTTP layer (express-pouchdb, which
 * brings its own Express 4) over LevelDB files in DATA_DIR.
 *
 * It runs as its own process, listening on 127.0.0.1 only, so that the sync server reaches it over
 * HTTP exactly as it reaches an Apache CouchDB 3 in production: the same nano code, no shortcuts.
 * The parent learns the port through the IPC channel.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// express-pouchdb and pouchdb ship no types we rely on: we only hand one to the other.
const PouchDB = require('pouchdb') as { defaults(options: object): object };
const expressPouchDB = require('express-pouchdb') as (pouch: object, options: object) => http.RequestListener;

const dataDir = path.resolve(process.env.STORE_DIR ?? '.data/store');
fs.mkdirSync(dataDir, { recursive: true });

const LocalPouch = PouchDB.defaults({ prefix: `${dataDir}${path.sep}` });
const app = expressPouchDB(LocalPouch, {
  mode: 'fullCouchDB',
  configPath: path.join(dataDir, 'config.json'),
  logPath: path.join(dataDir, 'log.txt'),
  // Fauxton would be a second, unauthenticated UI onto the data.
  overrideMode: { exclude: ['routes/fauxton'] },
});

const requestedPort = Number(process.env.STORE_PORT ?? 0);
const server = http.createServer(app);
server.listen(requestedPort, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  if (process.send) process.send({ type: 'listening', port });
  else console.log(`embedded store listening on http://127.0.0.1:${port}`);
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
