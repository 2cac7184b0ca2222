// A write of a store's table outside its store: store-ownership.test.ts must find it.
export const probe = 'delete from contacts where id = $1';
