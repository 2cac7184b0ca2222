import { randomBytes } from 'node:crypto';

/** A short random id safe for database names, topic names and task queues. */
export const shortId = (): string => randomBytes(5).toString('hex');
