/** A LIKE pattern for "contains this text, without case": the text lower-cased, its wildcards escaped. */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
