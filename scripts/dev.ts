/**
 * `npm run dev`: the store and the sync server (API on 127.0.0.1:8081), and @web/dev-server on
 * 127.0.0.2:8080 serving the TypeScript sources with /api proxied, so edits show on reload.
 */
import { spawn } from 'node:child_process';
import { readConfig } from '../sync-server/config.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../sync-server/demo-data.js';
import { startServer } from '../sync-server/server.js';

const apiPort = Number(process.env.API_PORT ?? 8081);
const server = await startServer({ ...readConfig(), port: apiPort });
const devServer = spawn('npx', ['wds', '--config', 'web-dev-server.config.mjs'], {
  stdio: 'inherit',
  env: { ...process.env, API_ORIGIN: server.url, PORT: process.env.PORT ?? '8080' },
});
console.log(`dev: API at ${server.url}; app at http://127.0.0.2:${process.env.PORT ?? '8080'}/`);
console.log(`demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((user) => user.username).join(', ')}`);

const stop = (): void => {
  devServer.kill('SIGTERM');
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
devServer.on('exit', stop);
