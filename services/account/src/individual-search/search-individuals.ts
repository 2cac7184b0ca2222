import { and, asc, count, gt, not, sql } from 'drizzle-orm';
import type { Outcome } from '@agencyflow/contracts';
import { sqlOf, type Database } from '@agencyflow/db';
import type { FieldError } from '@agencyflow/http';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { ContactRow } from '../db/account-store';
import { contacts } from '../db/schema';
import { meetsBirthDateCriteria } from '../domain/birth-dates';
import { compileCriteria, type CompiledSearch } from './compile-criteria';
import type { SearchCriteria } from './search-criteria';
import type { SearchCursor } from './search-cursor';

/** Rows read per statement while a date-of-birth filter drops some of them after decrypting. */
const OVER_FETCH = 500;
/** Ids read per statement while counting the rows whose birth year alone does not decide. */
const COUNT_BATCH = 5000;

export interface SearchPage {
  rows: ContactRow[];
  /** Where the next page starts, or null on the last one. */
  next: SearchCursor | null;
}

/** SR-1: the criteria compiled for the tenant (one read of its custom field definitions), or field errors. */
export function prepareSearch(
  database: Database,
  tenantId: string,
  criteria: SearchCriteria,
): Promise<Outcome<'compiled', { search: CompiledSearch }> | Outcome<'invalid', { errors: FieldError[] }>> {
  return database.db.transaction((tx) => compileCriteria(tx, tenantId, criteria));
}

/** The exact test SQL cannot make: the decrypted date of birth, for rows the birth year left open. */
const matches = (search: CompiledSearch, cipher: FieldCipher) => (dateOfBirth: string | null, certain: boolean) =>
  !search.birthDates || certain || meetsBirthDateCriteria(cipher.decryptIfReadable(dateOfBirth) ?? null, search.birthDates, search.today);

const after = (cursor: SearchCursor | undefined) =>
  cursor && sql`(${contacts.lastName}, ${contacts.firstName}, ${contacts.id}) > (${cursor.lastName}, ${cursor.firstName}, ${cursor.id}::uuid)`;

/**
 * One page of matches, by last name, first name and id, after `cursor`, in one transaction.
 * Without a date-of-birth filter it is one statement of pageSize + 1 rows (the extra row says
 * whether there is a next page). With one, rows come OVER_FETCH at a time and those the birth
 * year leaves open are decrypted and tested, until pageSize + 1 matched or none are left; the next
 * cursor is the last row returned, so no row is skipped or repeated between pages.
 */
export function searchPage(
  database: Database,
  cipher: FieldCipher,
  search: CompiledSearch,
  page: { pageSize: number; cursor?: SearchCursor },
): Promise<SearchPage> {
  const batch = search.birthDates ? Math.max(OVER_FETCH, page.pageSize + 1) : page.pageSize + 1;
  const keep = matches(search, cipher);
  return database.db.transaction(async (tx) => {
    const found: ContactRow[] = [];
    let cursor = page.cursor;
    for (;;) {
      const rows = await tx
        .select({ contact: contacts, certain: sql<boolean>`${search.certain}` })
        .from(contacts)
        .where(and(search.where, after(cursor)))
        .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id))
        .limit(batch);
      found.push(...rows.filter((r) => keep(r.contact.dateOfBirth, r.certain)).map((r) => r.contact));
      if (found.length > page.pageSize || rows.length < batch) break;
      cursor = rows.at(-1)!.contact;
    }
    const rows = found.slice(0, page.pageSize);
    const last = rows.at(-1);
    return { rows, next: found.length > page.pageSize && last ? { lastName: last.lastName, firstName: last.firstName, id: last.id } : null };
  });
}

/** Every match, a page at a time in the search's order: one short transaction per page, never the whole result at once. */
export async function* everyMatch(database: Database, cipher: FieldCipher, search: CompiledSearch, pageSize = 500): AsyncGenerator<ContactRow[]> {
  let cursor: SearchCursor | undefined;
  do {
    const page = await searchPage(database, cipher, search, { pageSize, cursor });
    yield page.rows;
    cursor = page.next ?? undefined;
  } while (cursor);
}

/**
 * How many individuals match, exactly: counted in SQL, except the rows whose birth year leaves a
 * date-of-birth filter open (its first and last years, and rows without a year yet), which are
 * read COUNT_BATCH at a time, decrypted and tested.
 */
export function countMatches(database: Database, cipher: FieldCipher, search: CompiledSearch): Promise<number> {
  return database.db.transaction(async (tx) => {
    const [certain] = await tx.select({ n: count() }).from(contacts).where(and(search.where, search.birthDates ? search.certain : undefined));
    let total = certain?.n ?? 0;
    if (!search.birthDates) return total;
    const keep = matches(search, cipher);
    let lastId: string | undefined;
    for (;;) {
      const open = await tx
        .select({ id: contacts.id, dateOfBirth: contacts.dateOfBirth })
        .from(contacts)
        .where(and(search.where, not(search.certain), lastId === undefined ? undefined : gt(contacts.id, lastId)))
        .orderBy(asc(contacts.id))
        .limit(COUNT_BATCH);
      total += open.filter((r) => keep(r.dateOfBirth, false)).length;
      if (open.length < COUNT_BATCH) return total;
      lastId = open.at(-1)!.id;
    }
  });
}

/** Ids read per round trip while streaming every match's id. */
const ID_BATCH = 5000;

/**
 * SR-2: the id of every match, in batches, from ONE statement in one transaction (a consistent
 * snapshot: a contact written meanwhile is in or out, never half), through a server-side cursor
 * so memory holds one batch. Rows the birth year leaves open are decrypted and tested here. For
 * the snapshot of a sales-record run (decision 0027).
 */
export async function* everyMatchingId(database: Database, cipher: FieldCipher, search: CompiledSearch, batch = ID_BATCH): AsyncGenerator<string[]> {
  const keep = matches(search, cipher);
  const queue: string[][] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  let resume: (() => void) | undefined;
  let abandoned = false;
  // postgres.js hands batches to a callback; the generator hands them on, one at a time, and the
  // cursor waits while the consumer (an HTTP response) has not taken the last batch.
  const reading = database.db
    .transaction(async (tx) => {
      const query = tx
        .select({ id: contacts.id, dateOfBirth: contacts.dateOfBirth, certain: sql<boolean>`${search.certain}`.as('certain') })
        .from(contacts)
        .where(search.where)
        .toSQL();
      await sqlOf(tx)
        .unsafe(query.sql, query.params as never[])
        .cursor(batch, async (read) => {
          const rows = read as unknown as Array<{ id: string; date_of_birth_enc: string | null; certain: boolean }>;
          queue.push(rows.filter((r) => keep(r.date_of_birth_enc, r.certain)).map((r) => r.id));
          wake?.();
          await new Promise<void>((resolve) => {
            resume = resolve;
          });
          if (abandoned) throw new Error('the reader of the matches went away');
        });
    })
    .then(
      () => {
        finished = true;
        wake?.();
      },
      (error: unknown) => {
        failure = error ?? new Error('reading the matches failed');
        wake?.();
      },
    );
  try {
    for (;;) {
      if (queue.length === 0 && !finished && failure === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (failure !== undefined) throw failure;
      const next = queue.shift();
      if (next) {
        yield next;
        const go = resume;
        resume = undefined;
        go?.();
      } else if (finished) return;
    }
  } finally {
    // A reader that stops early (a client gone) ends the statement instead of reading the rest.
    abandoned = !finished;
    resume?.();
    await reading;
  }
}
