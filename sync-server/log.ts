/**
 * The server's structured log (pino, one JSON line per event on stdout). LOG_LEVEL picks what is
 * written (default `info`; `warn` for quiet test runs, `silent` for none).
 *
 * What never goes into a line: typed usernames, document ids, query strings, cookies. A sign-in
 * looks an account up by the name typed, a query carries checkpoints and numbers, a cookie is a
 * session: none belongs in a file other people may read.
 */
import pino from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { service: 'ptsp-sync' },
});
