import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const acceptable = /^[A-Za-z0-9._-]{1,128}$/;

/** Gives every request an id (the caller's X-Request-Id if sane) and echoes it back. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.header('x-request-id');
  req.requestId = incoming && acceptable.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', req.requestId);
  next();
};
