/**
 * The result vocabulary of every command in the house: an `outcome` word, with what the caller
 * needs to answer. Business outcomes (not found, refused by a rule, nothing to change) are results,
 * never exceptions; a route maps each outcome to a status or a problem type, a consumer or an
 * activity decides what each means for it.
 *
 * The words, so that the same situation reads the same in every service:
 * - `created`, `updated`, `deleted`, `unchanged` (asked for what already is: nothing written)
 * - `not-found` (absent, or another tenant's: the caller cannot tell which)
 * - `conflict` (a concurrent change: expected revision, a unique key)
 * - `refused` (a domain rule said no; `reason` says which, in words a user can read)
 * - `invalid` (input that parsed but that the rules reject, with `errors` by path)
 * - `needs-confirmation` and other words a rule names (ACC-3/ACC-4 answers) where a rule has its own.
 */
export type Outcome<O extends string, Data extends object = object> = { outcome: O } & Data;
