// Browser tests: components and the data layer in Debian's Chromium (no browser is downloaded).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { dexieAsEsModule } from '../../scripts/dexie-es-module-plugin.mjs';

export default {
  files: 'tests/browser/**/*.test.ts',
  // The 'browser' condition picks ESM builds of packages such as broadcast-channel (RxDB leader election).
  nodeResolve: { exportConditions: ['browser'] },
  // 127.0.0.2 binds loopback only (127.0.0.1 would listen on every interface) and is a secure context.
  hostname: '127.0.0.2',
  concurrency: 1,
  plugins: [dexieAsEsModule, esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  testFramework: { config: { timeout: 15000 } },
};
