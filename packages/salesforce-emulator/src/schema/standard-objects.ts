import { field, sobject, systemField, type ObjectDefinition } from './field-definition.ts';
import { apexPageObject, setupEntityAccessObject } from './setup-entity-objects.ts';

const address = (prefix: string, street = `${prefix}Street`) => [
  field(street, 'textarea', { length: 255, filterable: true, sortable: true }),
  field(`${prefix}City`, 'string', { length: 40 }),
  field(`${prefix}State`, 'string', { length: 80 }),
  field(`${prefix}PostalCode`, 'string', { length: 20 }),
  field(`${prefix}Country`, 'string', { length: 80 }),
];

const personName = () => [
  field('FirstName', 'string', { length: 40 }),
  field('LastName', 'string', { length: 80, nillable: false }),
  field('Name', 'string', {
    length: 121,
    createable: false,
    updateable: false,
    calculated: false,
    nameField: true,
    label: 'Full Name',
  }),
];

/** User permissions modelled on PermissionSet (`Permissions<Name>` boolean fields). */
export const USER_PERMISSIONS = [
  'ApiEnabled',
  'ApiUserOnly',
  'ViewSetup',
  'ViewRoles',
  'ManageUsers',
  'ManageInternalUsers',
  'ViewAllUsers',
  'AssignPermissionSets',
  'ManageProfilesPermissionsets',
  'ResetPasswords',
  'ViewAllData',
  'ModifyAllData',
  'CustomizeApplication',
  'PasswordNeverExpires',
  'BulkApiHardDelete',
  'AuthorApex',
] as const;

export type UserPermission = (typeof USER_PERMISSIONS)[number];

/** Access levels of ObjectPermissions, in Salesforce's field names. */
export const OBJECT_PERMISSION_FIELDS = [
  'PermissionsRead',
  'PermissionsCreate',
  'PermissionsEdit',
  'PermissionsDelete',
  'PermissionsViewAllRecords',
  'PermissionsModifyAllRecords',
] as const;

function standardObjects(): ObjectDefinition[] {
  return [
    sobject('Account', '001', [
      field('Name', 'string', { nillable: false, nameField: true, label: 'Account Name' }),
      field('AccountNumber', 'string', { length: 40 }),
      field('Type', 'picklist', {
        picklistValues: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'],
      }),
      field('Industry', 'picklist', {
        picklistValues: [
          'Agriculture',
          'Banking',
          'Technology',
          'Retail',
          'Manufacturing',
          'Other',
        ],
      }),
      field('Rating', 'picklist', { picklistValues: ['Hot', 'Warm', 'Cold'] }),
      field('ParentId', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }),
      field('Phone', 'phone'),
      field('Fax', 'phone'),
      field('Website', 'url'),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int', { precision: 8 }),
      field('Ownership', 'picklist', {
        picklistValues: ['Public', 'Private', 'Subsidiary', 'Other'],
      }),
      field('TickerSymbol', 'string', { length: 20 }),
      field('Site', 'string', { length: 80 }),
      field('Sic', 'string', { length: 20 }),
      field('Description', 'textarea'),
      ...address('Billing'),
      ...address('Shipping'),
      systemField('LastActivityDate', 'date', { nillable: true, defaultedOnCreate: false }),
    ]),
    sobject('Contact', '003', [
      field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
      field('Salutation', 'picklist', { picklistValues: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'] }),
      ...personName(),
      field('Title', 'string', { length: 128 }),
      field('Department', 'string', { length: 80 }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('MobilePhone', 'phone'),
      field('LeadSource', 'picklist', {
        picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'],
      }),
      field('Birthdate', 'date'),
      field('ReportsToId', 'reference', {
        referenceTo: ['Contact'],
        relationshipName: 'ReportsTo',
      }),
      field('HasOptedOutOfEmail', 'boolean'),
      field('Description', 'textarea'),
      ...address('Mailing'),
    ]),
    sobject('Lead', '00Q', [
      ...personName(),
      field('Company', 'string', { nillable: false }),
      field('Title', 'string', { length: 128 }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('Website', 'url'),
      field('Status', 'picklist', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: 'Open - Not Contacted',
        picklistValues: [
          'Open - Not Contacted',
          'Working - Contacted',
          'Closed - Converted',
          'Closed - Not Converted',
        ],
      }),
      field('LeadSource', 'picklist', {
        picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'],
      }),
      field('Industry', 'picklist', {
        picklistValues: ['Agriculture', 'Banking', 'Technology', 'Retail', 'Other'],
      }),
      field('Rating', 'picklist', { picklistValues: ['Hot', 'Warm', 'Cold'] }),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int', { precision: 8 }),
      field('Description', 'textarea'),
      systemField('IsConverted', 'boolean', { label: 'Converted' }),
      systemField('ConvertedAccountId', 'reference', {
        nillable: true,
        defaultedOnCreate: false,
        referenceTo: ['Account'],
        relationshipName: 'ConvertedAccount',
      }),
      ...address('', 'Street'),
    ]),
    sobject('Opportunity', '006', [
      field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
      field('Name', 'string', { length: 120, nillable: false, nameField: true }),
      field('StageName', 'picklist', {
        nillable: false,
        picklistValues: [
          'Prospecting',
          'Qualification',
          'Proposal/Price Quote',
          'Negotiation/Review',
          'Closed Won',
          'Closed Lost',
        ],
      }),
      field('CloseDate', 'date', { nillable: false }),
      field('Amount', 'currency'),
      field('Probability', 'percent', { precision: 3, scale: 0 }),
      field('Type', 'picklist', {
        picklistValues: [
          'New Customer',
          'Existing Customer - Upgrade',
          'Existing Customer - Renewal',
        ],
      }),
      field('LeadSource', 'picklist', {
        picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'],
      }),
      field('NextStep', 'string'),
      field('CampaignId', 'reference', { referenceTo: ['Campaign'], relationshipName: 'Campaign' }),
      field('Description', 'textarea'),
      systemField('IsClosed', 'boolean', { label: 'Closed' }),
      systemField('IsWon', 'boolean', { label: 'Won' }),
    ]),
    sobject('Campaign', '701', [
      field('Name', 'string', { length: 80, nillable: false, nameField: true }),
      field('Type', 'picklist', {
        picklistValues: ['Conference', 'Webinar', 'Email', 'Advertisement', 'Other'],
      }),
      field('Status', 'picklist', {
        picklistValues: ['Planned', 'In Progress', 'Completed', 'Aborted'],
      }),
      field('StartDate', 'date'),
      field('EndDate', 'date'),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('BudgetedCost', 'currency'),
      field('ActualCost', 'currency'),
      field('ExpectedRevenue', 'currency'),
      field('ParentId', 'reference', { referenceTo: ['Campaign'], relationshipName: 'Parent' }),
      field('Description', 'textarea'),
      systemField('NumberOfLeads', 'int', { label: 'Leads in Campaign' }),
    ]),
    sobject(
      'Task',
      '00T',
      [
        field('Subject', 'picklist', {
          picklistValues: ['Call', 'Send Letter', 'Send Quote', 'Other'],
          nameField: true,
        }),
        field('Status', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'Not Started',
          picklistValues: [
            'Not Started',
            'In Progress',
            'Completed',
            'Waiting on someone else',
            'Deferred',
          ],
        }),
        field('Priority', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'Normal',
          picklistValues: ['High', 'Normal', 'Low'],
        }),
        field('ActivityDate', 'date', { label: 'Due Date Only' }),
        field('WhoId', 'reference', { referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' }),
        field('WhatId', 'reference', {
          referenceTo: ['Account', 'Opportunity', 'Campaign'],
          relationshipName: 'What',
        }),
        field('Type', 'picklist', { picklistValues: ['Call', 'Email', 'Meeting', 'Other'] }),
        field('TaskSubtype', 'picklist', {
          picklistValues: ['Task', 'Email', 'Call'],
          updateable: false,
        }),
        field('Description', 'textarea'),
        systemField('IsClosed', 'boolean', { label: 'Closed' }),
      ],
      { labelPlural: 'Tasks' },
    ),
    sobject('Event', '00U', [
      field('Subject', 'picklist', {
        picklistValues: ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'],
        nameField: true,
      }),
      field('StartDateTime', 'datetime'),
      field('EndDateTime', 'datetime'),
      field('ActivityDateTime', 'datetime'),
      field('DurationInMinutes', 'int', { precision: 8 }),
      field('IsAllDayEvent', 'boolean', { label: 'All-Day Event' }),
      field('Location', 'string'),
      field('WhoId', 'reference', { referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' }),
      field('WhatId', 'reference', {
        referenceTo: ['Account', 'Opportunity', 'Campaign'],
        relationshipName: 'What',
      }),
      field('Description', 'textarea'),
    ]),
    sobject(
      'User',
      '005',
      [
        field('Username', 'string', { length: 80, nillable: false, unique: true, idLookup: true }),
        ...personName(),
        field('Alias', 'string', { length: 8, nillable: false }),
        field('CommunityNickname', 'string', { length: 40, defaultedOnCreate: true }),
        field('Email', 'email', { length: 128, nillable: false }),
        field('Title', 'string', { length: 80 }),
        field('CompanyName', 'string', { length: 80 }),
        field('Department', 'string', { length: 80 }),
        field('Phone', 'phone'),
        field('IsActive', 'boolean', { label: 'Active', defaultValue: true }),
        field('ProfileId', 'reference', {
          referenceTo: ['Profile'],
          relationshipName: 'Profile',
          nillable: false,
        }),
        field('UserType', 'picklist', {
          createable: false,
          updateable: false,
          defaultedOnCreate: true,
          defaultValue: 'Standard',
          picklistValues: ['Standard', 'PowerPartner', 'CspLitePortal', 'CsnOnly', 'Guest'],
        }),
        field('TimeZoneSidKey', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'America/Los_Angeles',
          picklistValues: [
            'America/Los_Angeles',
            'America/New_York',
            'Europe/London',
            'Europe/Paris',
            'GMT',
          ],
        }),
        field('LocaleSidKey', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'en_US',
          picklistValues: ['en_US', 'en_GB', 'fr_FR', 'de_DE'],
        }),
        field('LanguageLocaleKey', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'en_US',
          picklistValues: ['en_US', 'fr', 'de'],
        }),
        field('EmailEncodingKey', 'picklist', {
          nillable: false,
          defaultedOnCreate: true,
          defaultValue: 'UTF-8',
          picklistValues: ['UTF-8', 'ISO-8859-1'],
        }),
        field('FederationIdentifier', 'string', { length: 512 }),
        systemField('LastLoginDate', 'datetime', { nillable: true, defaultedOnCreate: false }),
        systemField('LastPasswordChangeDate', 'datetime', {
          nillable: true,
          defaultedOnCreate: false,
        }),
      ],
      { ownable: false, undeletable: false, deletable: false, labelPlural: 'Users' },
    ),
    sobject(
      'Profile',
      '00e',
      [
        field('Name', 'string', { nillable: false, nameField: true }),
        field('UserType', 'picklist', {
          picklistValues: ['Standard', 'PowerPartner', 'Guest'],
          defaultValue: 'Standard',
          defaultedOnCreate: true,
        }),
        field('Description', 'string'),
      ],
      {
        ownable: false,
        createable: false,
        deletable: false,
        undeletable: false,
        replicateable: false,
        bulkSupported: false,
      },
    ),
    sobject(
      'PermissionSet',
      '0PS',
      [
        field('Name', 'string', { length: 80, nillable: false, unique: true, idLookup: true }),
        field('Label', 'string', { length: 80, nillable: false, nameField: true }),
        field('Description', 'string'),
        field('IsOwnedByProfile', 'boolean', { createable: false, updateable: false }),
        field('ProfileId', 'reference', {
          referenceTo: ['Profile'],
          relationshipName: 'Profile',
          createable: false,
          updateable: false,
        }),
        ...USER_PERMISSIONS.map((p) => field(`Permissions${p}`, 'boolean')),
      ],
      { ownable: false, undeletable: false, replicateable: false },
    ),
    sobject(
      'PermissionSetAssignment',
      '0Pa',
      [
        field('AssigneeId', 'reference', {
          referenceTo: ['User'],
          relationshipName: 'Assignee',
          nillable: false,
          updateable: false,
        }),
        field('PermissionSetId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'PermissionSet',
          nillable: false,
          updateable: false,
        }),
      ],
      { ownable: false, updateable: false, undeletable: false, replicateable: false },
    ),
    sobject(
      'ObjectPermissions',
      '110',
      [
        field('ParentId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'Parent',
          nillable: false,
          updateable: false,
        }),
        field('SobjectType', 'picklist', { nillable: false, updateable: false }),
        ...OBJECT_PERMISSION_FIELDS.map((p) => field(p, 'boolean')),
      ],
      {
        ownable: false,
        undeletable: false,
        replicateable: false,
        setupObject: true,
        labelPlural: 'Object Permissions',
      },
    ),
    setupEntityAccessObject(),
    apexPageObject(),
    sobject(
      'Organization',
      '00D',
      [
        field('Name', 'string', {
          length: 80,
          nameField: true,
          updateable: false,
          createable: false,
        }),
        field('OrganizationType', 'picklist', {
          createable: false,
          updateable: false,
          picklistValues: [
            'Developer Edition',
            'Enterprise Edition',
            'Unlimited Edition',
            'Professional Edition',
          ],
        }),
        field('IsSandbox', 'boolean', { createable: false, updateable: false }),
        field('InstanceName', 'string', { length: 5, createable: false, updateable: false }),
        field('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
        field('LanguageLocaleKey', 'picklist', {
          createable: false,
          updateable: false,
          picklistValues: ['en_US'],
        }),
        field('TimeZoneSidKey', 'picklist', {
          createable: false,
          updateable: false,
          picklistValues: ['America/Los_Angeles', 'GMT'],
        }),
        field('Country', 'string', { createable: false, updateable: false }),
      ],
      {
        ownable: false,
        createable: false,
        updateable: false,
        deletable: false,
        undeletable: false,
        replicateable: false,
        bulkSupported: false,
      },
    ),
  ];
}

/** A fresh copy of the standard schema, so a custom field added to one org never leaks into another. */
export function createStandardSchema(): Map<string, ObjectDefinition> {
  const schema = new Map<string, ObjectDefinition>();
  for (const def of standardObjects()) schema.set(def.name, def);
  return schema;
}
