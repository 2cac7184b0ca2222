import type { RequestHandler } from 'express';
import { problems, type FieldError } from './problem';

/** Deeper than any body this API takes; a deeper one is refused before any route parses or hashes it. */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses, before any route runs, input no route can store: a NUL character in any string or
 * key of the body or the query (PostgreSQL text cannot hold one), and a body nested deeper than
 * MAX_BODY_DEPTH (recursion in parsers, hashes and validators). 400 with the path of the first
 * offence; nothing is written.
 */
export const rejectUnstorableInput: RequestHandler = (req, _res, next) => {
  const offence = findOffence(req.body, 'body') ?? findOffence(req.query, 'query');
  next(offence ? problems.validation([offence]) : undefined);
};

function findOffence(root: unknown, where: string): FieldError | undefined {
  // Iterative, so the check itself cannot overflow the stack on a hostile body.
  const stack: Array<{ value: unknown; path: string[]; depth: number }> = [{ value: root, path: [where], depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path: path.join('.'), message: 'must not contain a NUL character' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { path: path.join('.'), message: `nested deeper than ${MAX_BODY_DEPTH} levels` };
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return { path: [...path, key.replaceAll('\u0000', '\\0')].join('.'), message: 'a key must not contain a NUL character' };
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return undefined;
}
