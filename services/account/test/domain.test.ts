import { describe, expect, it } from 'vitest';
import { decideUserStatusChange, statusFromPolicies } from '../src/domain/account-status';
import { planContactDeletion, type ContactRef } from '../src/domain/contact-deletion';
import { relationRefusal, roleForNewContact } from '../src/domain/contact-roles';

const primary: ContactRef = { id: 'p', role: 'primary', displayName: 'Pat' };
const spouse: ContactRef = { id: 's', role: 'secondary', displayName: 'Sam' };
const child: ContactRef = { id: 'c', role: 'secondary', displayName: 'Cy' };

describe('account rules (pure)', () => {
  it('ACC-1 the first contact is primary, later ones secondary', () => {
    expect(roleForNewContact(0)).toBe('primary');
    expect(roleForNewContact(1)).toBe('secondary');
    expect(roleForNewContact(7)).toBe('secondary');
  });

  it('ACC-2 only a secondary contact has a relation', () => {
    expect(relationRefusal('secondary', 'spouse')).toBeUndefined();
    expect(relationRefusal('secondary', null)).toBeUndefined();
    expect(relationRefusal('primary', 'child')).toMatch(/primary/);
  });

  it('ACC-3 a secondary is deleted only with explicit confirmation', () => {
    const request = { contact: spouse, accountContacts: [primary, spouse] };
    expect(planContactDeletion({ ...request, confirmed: false })).toEqual({ kind: 'needs-confirmation', deletesAccount: false });
    expect(planContactDeletion({ ...request, confirmed: true })).toEqual({ kind: 'delete-secondary' });
  });

  it('ACC-4 deleting the primary requires another contact of the account as the new primary', () => {
    const request = { contact: primary, accountContacts: [primary, spouse, child], confirmed: true };
    expect(planContactDeletion(request)).toEqual({ kind: 'needs-new-primary', candidates: [spouse, child] });
    expect(planContactDeletion({ ...request, newPrimaryContactId: 'elsewhere' })).toMatchObject({ kind: 'invalid-new-primary' });
    expect(planContactDeletion({ ...request, newPrimaryContactId: 'p' })).toMatchObject({ kind: 'invalid-new-primary' });
    expect(planContactDeletion({ ...request, newPrimaryContactId: 'c' })).toEqual({ kind: 'delete-primary', newPrimaryContactId: 'c' });
    expect(planContactDeletion({ ...request, confirmed: false, newPrimaryContactId: 'c' })).toEqual({ kind: 'needs-confirmation', deletesAccount: false });
  });

  it('ACC-5 deleting the last contact deletes the account, after confirmation', () => {
    const request = { contact: primary, accountContacts: [primary] };
    expect(planContactDeletion({ ...request, confirmed: false })).toEqual({ kind: 'needs-confirmation', deletesAccount: true });
    expect(planContactDeletion({ ...request, confirmed: true })).toEqual({ kind: 'delete-last-contact' });
  });

  it('ACC-6 an account with an active policy is active; losing the last one makes it inactive', () => {
    expect(statusFromPolicies('prospect', 1)).toBe('active');
    expect(statusFromPolicies('inactive', 2)).toBe('active');
    expect(statusFromPolicies('active', 0)).toBe('inactive');
    expect(statusFromPolicies('prospect', 0)).toBe('prospect');
    expect(statusFromPolicies('inactive', 0)).toBe('inactive');
  });

  it('ACC-8 a user sets prospect or inactive, never while a policy is active', () => {
    expect(decideUserStatusChange('inactive', 0)).toEqual({ allowed: true });
    expect(decideUserStatusChange('prospect', 0)).toEqual({ allowed: true });
    expect(decideUserStatusChange('inactive', 1)).toMatchObject({ allowed: false });
    expect(decideUserStatusChange('active', 0)).toMatchObject({ allowed: false });
  });
});
