/**
 * `npm start` runs this after building the PWA: the embedded store (unless COUCHDB_URL is set),
 * the demo data, and the sync server serving API and app on one origin. Ctrl-C stops all of it.
 */
import { readConfig } from './config.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data.js';
import { log } from './log.js';
import { startServer } from './server.js';

const config = readConfig();
const running = await startServer(config);

log.info({ event: 'started', url: running.url, store: config.couchUrl ? 'couchdb' : 'embedded' }, 'started');
// For the person at the terminal, not the log: where to open the app and how to sign in.
process.stdout.write(`
PTSP offline-first licensing is running.

  App:   ${running.url}/
  Store: ${config.couchUrl ? 'Apache CouchDB at COUCHDB_URL' : `embedded store, data in ${config.dataDir}/store`}
${config.loadDemoData ? `
  Demo sign-ins (password for all: ${DEMO_PASSWORD}):
${DEMO_USERS.map((user) => `    ${user.username.padEnd(10)} ${user.displayName} (${[user.role, user.agencyId, user.boothId].filter(Boolean).join(', ')})`).join('\n')}
` : `
  No demo accounts. The first administrator: npm run create-admin -- --username NAME --display-name "FULL NAME"
`}
Press Ctrl-C to stop.
`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  log.info({ event: 'stopping' }, 'stopping');
  running.close().then(() => process.exit(0), (error: unknown) => {
    log.error({ err: error }, 'stopping failed');
    process.exit(1);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
