import { formatDate } from '../clock.ts';
import { insertRecord } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';

/** How many sample records of each object to make. */
export interface SampleCounts {
  accounts: number;
  /** Contacts per account. */
  contactsPerAccount: number;
  leads: number;
  campaigns: number;
  /** Opportunities: one per account up to this many. */
  opportunities: number;
  tasks: number;
}

const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Cyberdyne',
  'Wonka',
  'Tyrell',
  'Stark',
  'Wayne',
];
const SUFFIXES = ['Corporation', 'Industries', 'Labs', 'Holdings', 'Group'];
const FIRST = [
  'Alex',
  'Blake',
  'Casey',
  'Drew',
  'Emery',
  'Frankie',
  'Gray',
  'Harper',
  'Indy',
  'Jordan',
  'Kai',
];
const LAST = [
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Young',
  'Zeller',
];
const TITLES = [
  'CEO',
  'CTO',
  'VP Sales',
  'Head of Operations',
  'IT Director',
  'Procurement Manager',
];
const CITIES: Array<[string, string, string]> = [
  ['San Francisco', 'CA', 'USA'],
  ['Austin', 'TX', 'USA'],
  ['New York', 'NY', 'USA'],
  ['Chicago', 'IL', 'USA'],
  ['London', 'England', 'United Kingdom'],
  ['Berlin', 'Berlin', 'Germany'],
  ['Paris', 'Ile-de-France', 'France'],
];
const INDUSTRIES = ['Technology', 'Manufacturing', 'Retail', 'Banking', 'Agriculture', 'Other'];
const ACCOUNT_TYPES = ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const STAGES = [
  'Prospecting',
  'Qualification',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];
const PRODUCTS = ['Platform', 'Support Plan', 'Integration', 'Renewal', 'Expansion'];
const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'];
const SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'];
const CAMPAIGNS: Array<[string, string, string]> = [
  ['Spring Webinar Series', 'Webinar', 'Completed'],
  ['Dreamforce Booth', 'Conference', 'Completed'],
  ['Q3 Email Nurture', 'Email', 'In Progress'],
  ['Partner Roadshow', 'Conference', 'In Progress'],
  ['Search Ads', 'Advertisement', 'Planned'],
  ['Customer Advisory Board', 'Other', 'Planned'],
];
const TASK_SUBJECTS = ['Call', 'Send Letter', 'Send Quote', 'Other'];
const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else'];
const DAY_MS = 86_400_000;

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * Writes deterministic sample records (same names, values and order every time) through the DML
 * layer, owned alternately by the given users, with audit stamps spread over the last 30 days so
 * an incremental sync has history to walk.
 */
export function seedSampleRecords(
  emulator: Emulator,
  org: Org,
  ownerIds: string[],
  counts: SampleCounts,
): number {
  const ctx = emulator.data;
  const now = emulator.clock.now();
  const total =
    counts.accounts * (1 + counts.contactsPerAccount) +
    counts.leads +
    counts.campaigns +
    Math.min(counts.opportunities, counts.accounts) +
    counts.tasks;
  let made = 0;
  const insert = (object: string, values: Record<string, unknown>) => {
    const owner = pick(ownerIds, made);
    // Older records first, so CreatedDate and SystemModstamp climb with the ids.
    const at = now - 30 * DAY_MS + Math.floor((made * 30 * DAY_MS) / Math.max(1, total));
    made += 1;
    return insertRecord(ctx, org, object, { ...values, OwnerId: owner }, { actorId: owner, at }).Id;
  };

  const campaignIds: string[] = [];
  for (let i = 0; i < counts.campaigns; i++) {
    const [name, type, status] = pick(CAMPAIGNS, i);
    campaignIds.push(
      insert('Campaign', {
        Name: i < CAMPAIGNS.length ? name : `${name} ${Math.floor(i / CAMPAIGNS.length) + 1}`,
        Type: type,
        Status: status,
        IsActive: status === 'In Progress',
        StartDate: formatDate(now - (60 - i * 10) * DAY_MS),
        BudgetedCost: 5000 + i * 2500,
      }),
    );
  }
  const accounts: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < counts.accounts; i++) {
    const name = `${pick(COMPANIES, i)} ${pick(SUFFIXES, Math.floor(i / COMPANIES.length))}`;
    const [city, state, country] = pick(CITIES, i);
    const id = insert('Account', {
      Name: name,
      Type: pick(ACCOUNT_TYPES, i),
      Industry: pick(INDUSTRIES, i),
      Rating: pick(RATINGS, i),
      Phone: `(555) 010-${String(1000 + i).slice(-4)}`,
      Website: `https://www.${slug(name)}.example`,
      NumberOfEmployees: 10 + ((i * 137) % 5000),
      AnnualRevenue: 250_000 + ((i * 7919) % 50) * 100_000,
      BillingCity: city,
      BillingState: state,
      BillingCountry: country,
      AccountNumber: `ACC-${String(i + 1).padStart(5, '0')}`,
    });
    accounts.push({ id, name });
  }
  const contactIds: string[] = [];
  for (const [a, account] of accounts.entries()) {
    for (let c = 0; c < counts.contactsPerAccount; c++) {
      const n = a * counts.contactsPerAccount + c;
      const first = pick(FIRST, n);
      const last = pick(LAST, n + a);
      contactIds.push(
        insert('Contact', {
          AccountId: account.id,
          FirstName: first,
          LastName: last,
          Title: pick(TITLES, n),
          Email: `${slug(first)}.${slug(last)}@${slug(account.name)}.example`,
          Phone: `(555) 020-${String(1000 + n).slice(-4)}`,
          LeadSource: pick(SOURCES, n),
        }),
      );
    }
  }
  for (let i = 0; i < counts.leads; i++) {
    const first = pick(FIRST, i + 3);
    const last = pick(LAST, i + 5);
    const company = `${pick(LAST, i)} ${pick(['Consulting', 'Partners', 'Logistics', 'Studios'], i)}`;
    insert('Lead', {
      FirstName: first,
      LastName: last,
      Company: company,
      Title: pick(TITLES, i + 2),
      Email: `${slug(first)}@${slug(company)}.example`,
      Status: pick(LEAD_STATUSES, i),
      LeadSource: pick(SOURCES, i),
      Industry: pick(['Technology', 'Retail', 'Banking', 'Agriculture', 'Other'], i),
    });
  }
  const opportunityIds: string[] = [];
  for (const [i, account] of accounts.slice(0, counts.opportunities).entries()) {
    const stage = pick(STAGES, i);
    opportunityIds.push(
      insert('Opportunity', {
        AccountId: account.id,
        Name: `${account.name} - ${pick(PRODUCTS, i)}`,
        StageName: stage,
        CloseDate: formatDate(now + ((i % 12) - 4) * 7 * DAY_MS),
        Amount: 10_000 + ((i * 3571) % 40) * 2_500,
        Probability: [10, 20, 50, 75, 100, 0][STAGES.indexOf(stage)],
        LeadSource: pick(SOURCES, i),
        CampaignId: campaignIds.length > 0 && i % 3 === 0 ? pick(campaignIds, i) : null,
      }),
    );
  }
  for (let i = 0; i < counts.tasks; i++) {
    const what =
      i % 2 === 0 && opportunityIds.length > 0
        ? pick(opportunityIds, i)
        : accounts.length > 0
          ? pick(accounts, i).id
          : null;
    insert('Task', {
      Subject: pick(TASK_SUBJECTS, i),
      Status: pick(TASK_STATUSES, i),
      Priority: pick(['High', 'Normal', 'Low'], i),
      ActivityDate: formatDate(now + ((i % 14) - 7) * DAY_MS),
      WhoId: contactIds.length > 0 ? pick(contactIds, i) : null,
      WhatId: what,
      Type: pick(['Call', 'Email', 'Meeting', 'Other'], i),
    });
  }
  return made;
}
