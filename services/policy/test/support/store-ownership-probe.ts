// A file that writes a store's table outside the store: store-ownership.test.ts must see it.
export const probe = 'update policies set revision = revision + 1';
