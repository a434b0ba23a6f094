/**
 * Limits on guessing: sign-in per account and per address, claims per account and per address
 * (express-rate-limit, counts kept in this process's memory). Only failed attempts are counted, so
 * people who type their password right are never limited, however many share an address.
 *
 * Why these numbers. A booth office puts every counter, and often the citizens on its Wi-Fi,
 * behind one public address. Failures per address are therefore allowed ten times more than per
 * account: a busy market day is a few dozen sign-ins an hour with the odd typo, far from 50
 * failures in 15 minutes, while one address guessing at 50 per 15 minutes gets ~5,000 tries a day
 * spread over all accounts, and any one account only 10 per 15 minutes. A larger building behind
 * one address raises SIGN_IN_FAILURES_PER_ADDRESS.
 *
 * Claims: a claim code has 50 random bits, so guessing is hopeless at any rate a person needs;
 * the limits stop a script, and leave room for a citizen's device retrying a code whose filing
 * has not arrived yet (it must honour Retry-After).
 */
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { tooManyAttempts } from '../http-errors.js';
import { log } from '../log.js';

export interface RateLimits {
  windowMs: number;
  signInFailuresPerAccount: number;
  signInFailuresPerAddress: number;
  claimFailuresPerAccount: number;
  claimFailuresPerAddress: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowMs: 15 * 60 * 1000,
  signInFailuresPerAccount: 10,
  signInFailuresPerAddress: 50,
  claimFailuresPerAccount: 20,
  claimFailuresPerAddress: 100,
};

const limiterLog = {
  error: (error: unknown, message?: string) => log.error({ err: error }, message ?? 'rate limiter error'),
  warn: (error: unknown, message?: string) => log.warn({ err: error }, message ?? 'rate limiter warning'),
};

/**
 * One limiter as this server uses them: counts kept per address (or `extra.keyGenerator`), a 429
 * with Retry-After and the error `refusal` makes, no RateLimit headers (they would tell a guesser
 * the budget left). With `isFailure`, only failures count: a request is counted when it arrives (so
 * 100 at once are counted at once) and uncounted when its answer turns out not to be a failure.
 */
export function attemptLimiter(options: {
  limit: number;
  windowMs: number;
  refusal: (retryAfterSeconds: number) => Error;
  isFailure?: (res: Response) => boolean;
  extra?: Partial<Options>;
}): RequestHandler {
  const { limit, windowMs, refusal, isFailure } = options;
  return rateLimit({
    windowMs,
    limit,
    ...(isFailure ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: Response) => !isFailure(res) } : {}),
    standardHeaders: false,
    legacyHeaders: false,
    logger: limiterLog,
    handler: (req: Request, res: Response, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
      res.set('Retry-After', String(seconds));
      next(refusal(seconds));
    },
    ...options.extra,
  });
}

function limiter(
  what: { id: string; en: string },
  limit: number,
  windowMs: number,
  isFailure: (res: Response) => boolean,
  extra: Partial<Options>,
): RequestHandler {
  return attemptLimiter({ limit, windowMs, isFailure, extra, refusal: (seconds) => tooManyAttempts(what, seconds) });
}

const SIGN_IN = { id: 'percobaan masuk', en: 'sign-in attempts' };
const CLAIM = { id: 'percobaan klaim', en: 'claim attempts' };

/** The username as the sign-in looks it up, or undefined when the body has none. */
export function typedUsername(body: unknown): string | undefined {
  const username = (body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username.trim().toLowerCase().slice(0, 64) : undefined;
}

const wrongPassword = (res: Response): boolean => res.statusCode === 401;
const refusedClaim = (res: Response): boolean => res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429;

/** Before the body is read: per address. */
export const signInPerAddress = (limits: RateLimits): RequestHandler =>
  limiter(SIGN_IN, limits.signInFailuresPerAddress, limits.windowMs, wrongPassword, {});

/** After the (small) body is read: per account named in it. */
export const signInPerAccount = (limits: RateLimits): RequestHandler =>
  limiter(SIGN_IN, limits.signInFailuresPerAccount, limits.windowMs, wrongPassword, {
    skip: (req) => typedUsername(req.body) === undefined,
    keyGenerator: (req) => `account:${typedUsername(req.body) ?? ''}`,
  });

export const claimsPerAddress = (limits: RateLimits): RequestHandler =>
  limiter(CLAIM, limits.claimFailuresPerAddress, limits.windowMs, refusedClaim, {});

/** Mounted after the session check: `userIdOf` then answers from the request's known account. */
export const claimsPerAccount = (limits: RateLimits, userIdOf: (req: Request) => Promise<string>): RequestHandler =>
  limiter(CLAIM, limits.claimFailuresPerAccount, limits.windowMs, refusedClaim, {
    keyGenerator: async (req) => `account:${await userIdOf(req)}`,
  });

/**
 * At most `perKey` password checks of one address run at once; the others of that address wait
 * their turn. Why: scrypt runs on libuv's four threads, and without this 100 concurrent guesses
 * from one address would queue a real sign-in from another address behind all of them.
 */
export class PerKeyGate {
  private readonly running = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly perKey: number) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let slot = this.running.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.running.set(key, slot);
    }
    if (slot.active >= this.perKey) {
      const turn = slot;
      await new Promise<void>((resolve) => turn.waiting.push(resolve));
    } else {
      slot.active++;
    }
    try {
      return await work();
    } finally {
      const next = slot.waiting.shift();
      if (next) next();
      else if (--slot.active === 0) this.running.delete(key);
    }
  }
}
