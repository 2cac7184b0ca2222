/**
 * A string as a SQL literal, for the few statements that cannot take bind parameters (COPY,
 * CREATE ROLE ... PASSWORD): single quotes doubled; standard_conforming_strings (on since
 * PostgreSQL 9.1) keeps backslashes literal. Never for values a statement could take as parameters.
 */
export const sqlLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;
