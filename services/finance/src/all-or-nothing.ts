import type { Database, Executor } from '@agencyflow/db';

class Refused<R> extends Error {
  constructor(readonly result: R) {
    super('refused: rolled back');
  }
}

/**
 * Runs a command's transaction and commits it only when `commits` says the outcome is a success;
 * any other outcome rolls back what the command had written by then (a customer or contacts it
 * created in the same request), so a refused request writes nothing.
 */
export async function allOrNothing<R>(database: Database, work: (tx: Executor) => Promise<R>, commits: (result: R) => boolean): Promise<R> {
  try {
    return (await database.db.transaction(async (tx) => {
      const result = await work(tx);
      if (!commits(result)) throw new Refused(result);
      return result;
    })) as R;
  } catch (error) {
    if (error instanceof Refused) return error.result as R;
    throw error;
  }
}

/**
 * Locks the party being replaced and the one replacing it (when it exists already) in id order,
 * so two opposite replacements (A by B, B by A) cannot deadlock (FIN-3, FIN-5).
 */
export async function lockReplacementPair<T>(replacedId: string, byId: string | undefined, lock: (id: string) => Promise<T | undefined>): Promise<{ replaced: T | undefined; existing: T | undefined }> {
  const locked = new Map<string, T | undefined>();
  for (const id of [replacedId, ...(byId ? [byId] : [])].sort()) locked.set(id, await lock(id));
  return { replaced: locked.get(replacedId), existing: byId ? locked.get(byId) : undefined };
}
