import { feedColumns } from './domain/feed-row';

// Examples for the OpenAPI document: a policy, an import job and a carrier file as a client sees them.

export const policyExample = {
  id: '0b9f5a52-5a55-4a0c-9d0e-3f7c9f8d2f11',
  carrier: 'Humana',
  policyNumber: 'H1234-567',
  coverageType: 'medicare-advantage',
  status: 'active',
  effectiveDate: '2026-01-01',
  renewalDate: '2027-01-01',
  premium: '129.50',
  writingAgentNpn: '1234567',
  accountId: '5e0c7f3e-4b1a-4d5f-8d6e-2a9b7c1d3e4f',
  policyholderContactId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  revision: 2,
  source: 'crm',
  members: [
    {
      id: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
      relationship: 'policyholder',
      firstName: 'Maria',
      lastName: 'Rivera',
      dateOfBirth: '****-**-**',
      gender: 'female',
      email: 'maria.rivera@example.com',
      phone: '+1 305 555 0100',
      address: { line1: '12 Ocean Dr', city: 'Miami', state: 'FL', zip: '33139' },
      mbi: '*******MK73',
      contactId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      unreadableFields: [],
    },
  ],
  createdAt: '2026-01-02T10:00:00.000Z',
  updatedAt: '2026-01-05T08:30:00.000Z',
};

export const importExample = {
  importId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  kind: 'carrier-feed-import',
  state: 'completed',
  format: 'csv',
  importedBy: 'fmo-admin-1',
  startedAt: '2026-01-02T10:00:00.000Z',
  finishedAt: '2026-01-02T10:00:04.000Z',
  progress: { rowsTotal: 4, rowsDone: 4, percent: 100, rowsPerSecond: 1, estimatedSecondsLeft: 0 },
  rows: { total: 4, valid: 3, rejected: 1 },
  policies: { inserted: 1, updated: 1, unchanged: 0 },
  members: { inserted: 2, updated: 0, unchanged: 1 },
  rejections: [{ row: 3, reason: 'mbi: MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)' }],
  rejectionsOmitted: 0,
  ignoredColumns: ['agency_code'],
  failure: null,
  workflowId: 'carrier-feed-import/fmo-1/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  links: {
    self: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
    rejections: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a/rejections.csv',
    outcomes: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a/outcomes.csv',
  },
};

export const acceptedExample = {
  ...importExample,
  state: 'queued',
  finishedAt: null,
  progress: { rowsTotal: 4, rowsDone: 1, percent: 25, rowsPerSecond: 10, estimatedSecondsLeft: 1 },
  rows: { total: 4, valid: 0, rejected: 1 },
  policies: { inserted: 0, updated: 0, unchanged: 0 },
  members: { inserted: 0, updated: 0, unchanged: 0 },
};

export const csvExample = [
  feedColumns.join(','),
  'Humana,H1234-567,medicare-advantage,active,2026-01-01,2027-01-01,129.50,1234567,policyholder,Maria,Rivera,1954-03-02,F,maria.rivera@example.com,305-555-0100,12 Ocean Dr,Miami,FL,33139,1EG4-TE5-MK73',
  'Humana,H1234-567,medicare-advantage,active,2026-01-01,2027-01-01,129.50,1234567,spouse,Jose,Rivera,1952-07-19,M,,,12 Ocean Dr,Miami,FL,33139,',
].join('\n');

export const createPolicyExample = {
  accountId: policyExample.accountId,
  policyholderContactId: policyExample.policyholderContactId,
  carrier: 'Humana',
  policyNumber: 'H1234-567',
  coverageType: 'medicare-advantage',
  effectiveDate: '2026-01-01',
  renewalDate: '2027-01-01',
  premium: '129.50',
  writingAgentNpn: '1234567',
  members: [
    {
      relationship: 'policyholder',
      firstName: 'Maria',
      lastName: 'Rivera',
      dateOfBirth: '1954-03-02',
      gender: 'female',
      mbi: '1EG4-TE5-MK73',
      address: { line1: '12 Ocean Dr', city: 'Miami', state: 'FL', zip: '33139' },
      contactId: policyExample.policyholderContactId,
    },
  ],
};

export const jsonFeedExample = {
  rows: [
    {
      carrier: 'Humana',
      policy_number: 'H1234-567',
      coverage_type: 'medicare-advantage',
      status: 'active',
      effective_date: '2026-01-01',
      renewal_date: '2027-01-01',
      premium: '129.50',
      writing_agent_npn: '1234567',
      member_relationship: 'policyholder',
      first_name: 'Maria',
      last_name: 'Rivera',
      date_of_birth: '1954-03-02',
      mbi: '1EG4-TE5-MK73',
    },
  ],
};
