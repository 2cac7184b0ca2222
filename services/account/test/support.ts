import request from 'supertest';
import type { Express } from 'express';

/** A small client for the account API, as a user with the given token would call it. */
export function accountApi(app: Express | string, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  return {
    createAccount: (name = 'Rivera household') => auth(request(app).post('/accounts')).send({ name }),
    addContact: (accountId: string, body: Record<string, unknown>) => auth(request(app).post(`/accounts/${accountId}/contacts`)).send(body),
    getContact: (contactId: string) => auth(request(app).get(`/contacts/${contactId}`)),
    patchContact: (contactId: string, body: Record<string, unknown>) => auth(request(app).patch(`/contacts/${contactId}`)).send(body),
    deleteContact: (contactId: string, query: Record<string, string> = {}) => auth(request(app).delete(`/contacts/${contactId}`)).query(query),
    patchAccount: (accountId: string, body: Record<string, unknown>) => auth(request(app).patch(`/accounts/${accountId}`)).send(body),
    account360: (accountId: string) => auth(request(app).get(`/accounts/${accountId}/360`)),
    contact360: (contactId: string) => auth(request(app).get(`/contacts/${contactId}/360`)),
    raw: (method: 'get' | 'post' | 'patch' | 'delete', path: string) => auth(request(app)[method](path)),
  };
}

/** An account with a primary and a secondary contact, returned with their ids. */
export async function householdWithTwoContacts(api: ReturnType<typeof accountApi>) {
  const account = (await api.createAccount().expect(201)).body;
  const primary = (await api.addContact(account.id, { firstName: 'Maria', lastName: 'Rivera' }).expect(201)).body;
  const spouse = (await api.addContact(account.id, { firstName: 'Jose', lastName: 'Rivera', relation: 'spouse' }).expect(201)).body;
  return { account, primary, spouse };
}
