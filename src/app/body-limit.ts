import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { discardRest } from './discard-body';
import { AppError } from './errors';
import type { AppEnv } from './types';

/** Far above any real JSON request (a full contract edit is a few KiB). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const limitJson = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: async (c) => {
    if (c.req.raw.body) await discardRest(c.req.raw.body);
    throw new AppError('PAYLOAD_TOO_LARGE', `요청 본문은 ${MAX_JSON_BODY_BYTES / 1024 / 1024}MB 이하여야 합니다`);
  },
});

/**
 * JSON bodies are read whole by validation, so one oversized request must not fill the isolate's memory: anything
 * but an upload is capped. Uploads (multipart) are streamed and enforce their own, larger limits.
 */
export const jsonBodyLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.req.raw.body || c.req.header('Content-Type')?.toLowerCase().startsWith('multipart/form-data')) return next();
  return limitJson(c, next);
};
