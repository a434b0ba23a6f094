/**
 * The sync routes, one set for every collection:
 *   GET  /api/sync/:collection/pull?checkpoint&limit   the documents the account may read now
 *   POST /api/sync/:collection/push {rows}              { conflicts, refused } per row
 *   GET  /api/sync/stream                               one live stream per device for every collection
 * `/api/sync/applications/{pull,push,stream}` were the only ones before and stay (installed apps).
 */
import express, { type Request, type RequestHandler } from 'express';
import { readerKeysOf } from '../../common/access/readers.js';
import { DEVICE_HEADER, PER_ROW_REFUSALS_HEADER, type SyncCollection } from '../../common/sync-protocol.js';
import { ApiError } from '../http-errors.js';
import { route, type CurrentUser } from '../http-route.js';
import type { ChangeFeed } from './change-feed.js';
import type { SyncCollectionHandler } from './collections/handler.js';

/** How often the live stream says it is alive; the device's watchdog (client/data/sync/) waits 9 s. */
export const HEARTBEAT_MS = 5_000;

/** What a device's name for itself (the DEVICE_HEADER) may be. */
export const DEVICE_NAME = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The device's own name for itself, sent with every sync request. Only used to spare a device its
 * own writes on pull, so a wrong value can only cost that device traffic; a malformed one is refused.
 */
export function deviceOf(req: Request): string | undefined {
  const value = req.get(DEVICE_HEADER);
  if (value === undefined) return undefined;
  if (!DEVICE_NAME.test(value)) {
    throw new ApiError(400, 'invalid-device', `Header ${DEVICE_HEADER} tidak valid.`, `The ${DEVICE_HEADER} header is not valid.`);
  }
  return value;
}

export interface SyncRouteOptions {
  collections: readonly SyncCollectionHandler[];
  feed: ChangeFeed;
  currentUser: CurrentUser;
  /** Checks the session before the body is read (http-route.ts requireSession). */
  signedIn: RequestHandler;
  /** Reads the push body (jsonBody with the push limit). */
  pushBody: RequestHandler;
}

export function syncRoutes(options: SyncRouteOptions): express.Router {
  const { feed, currentUser, signedIn } = options;
  const byName = new Map(options.collections.map((collection) => [collection.name as string, collection]));
  const collectionOf = (req: Request): SyncCollectionHandler => {
    const found = byName.get(String(req.params.collection));
    if (!found) {
      const name = String(req.params.collection).slice(0, 40);
      throw new ApiError(404, 'unknown-collection', `Koleksi sinkronisasi tidak dikenal: ${name}`, `Unknown sync collection: ${name}`);
    }
    return found;
  };
  const router = express.Router();

  // Server-sent events: a hint that something this account reads changed, naming the collections;
  // the device then pulls them. Keyed by the account's reader keys, read again with every
  // heartbeat: a role, agency or booth change is heard within seconds (every collection is pulled
  // then), and an ended session or a disabled account ends the stream.
  const stream = route(async (req, res) => {
    const user = await currentUser(req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    // Changes of one moment (a batch, or one write read by several of the keys) go out as one event.
    let changed = new Set<SyncCollection>();
    let flush: NodeJS.Immediate | undefined;
    const announce = (collection: SyncCollection): void => {
      changed.add(collection);
      flush ??= setImmediate(() => {
        res.write(`event: resync\ndata: ${JSON.stringify({ collections: [...changed] })}\n\n`);
        changed = new Set();
        flush = undefined;
      });
    };
    let keys = readerKeysOf(user);
    let unsubscribes = keys.map((key) => feed.onReaderChange(key, announce));
    const follow = async (): Promise<void> => {
      let now: string[];
      try {
        // currentUser remembers its answer per request object; a stream lives for hours, so each
        // look is made as a request of its own (same headers and cookie, through the prototype).
        now = readerKeysOf(await currentUser(Object.create(req) as Request));
      } catch (error) {
        // Only the session's end (a 401: ended, disabled, gone) ends the stream. A store that did not
        // answer this once says nothing about the account: the stream stays, and the next heartbeat looks again.
        if (error instanceof ApiError && error.status === 401) res.end();
        return;
      }
      if (now.join('\n') === keys.join('\n')) return;
      for (const unsubscribe of unsubscribes) unsubscribe();
      keys = now;
      unsubscribes = keys.map((key) => feed.onReaderChange(key, announce));
      for (const collection of options.collections) announce(collection.name);
    };
    // Keeps proxies and the browser from closing an idle stream; an event, not a comment, so the
    // device's watchdog hears within seconds when the server is gone.
    const heartbeat = setInterval(() => {
      if (res.writableEnded) return;
      res.write('event: heartbeat\ndata: {}\n\n');
      void follow();
    }, HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      if (flush) clearImmediate(flush);
      for (const unsubscribe of unsubscribes) unsubscribe();
    });
  });
  router.get('/sync/stream', signedIn, stream);
  router.get('/sync/applications/stream', signedIn, stream);

  router.get('/sync/:collection/pull', route(async (req, res) => {
    const collection = collectionOf(req);
    const user = await currentUser(req);
    res.json(await collection.pull(user, req.query.checkpoint, req.query.limit, deviceOf(req)));
  }));

  router.post('/sync/:collection/push', signedIn, (req, _res, next) => {
    // An unknown collection is refused before its body is read.
    try {
      collectionOf(req);
      next();
    } catch (error) {
      next(error);
    }
  }, options.pushBody, route(async (req, res) => {
    const user = await currentUser(req);
    const perRow = req.get(PER_ROW_REFUSALS_HEADER) === 'rows';
    res.json(await collectionOf(req).push(user, req.body, deviceOf(req), { perRow }));
  }));

  return router;
}
