/** How a contact is named in history lines, events and answers: first and last name. */
export const displayName = (row: { firstName: string; lastName: string }): string => `${row.firstName} ${row.lastName}`;
