/**
 * The standard objects the package touches, with their common fields, required fields,
 * defaults and relationships, as a real org describes them (API 62.0). Key prefixes are the
 * platform's. Only the fields listed here exist in the emulator: a query naming another
 * standard field fails with "No such column", which says what to add here.
 */
import type { FieldDef, FieldType } from '../contracts.js';
import { field, ObjectDefImpl, OrgSchemaImpl, type FieldSpec } from './model.js';

type F = [name: string, type: FieldType, spec?: FieldSpec & { childName?: string }];

interface StandardObjectSpec {
  name: string;
  label: string;
  plural: string;
  prefix: string;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  /** OwnerId (User or Group for Lead/Task, User elsewhere); false = none. */
  owner?: false | readonly string[];
  fields: F[];
}

const text = (length: number, spec: FieldSpec = {}): FieldSpec => ({ length, ...spec });
const req = { required: true };
const ro: FieldSpec = { createable: false, updateable: false };
const phone = (name: string): F => [name, 'Phone', { length: 40 }];
const address = (prefix: string): F[] => [
  [`${prefix}Street`, 'TextArea', text(255)],
  [`${prefix}City`, 'Text', text(40)],
  [`${prefix}State`, 'Text', text(80)],
  [`${prefix}PostalCode`, 'Text', text(20)],
  [`${prefix}Country`, 'Text', text(80)]
];
const personName: F[] = [
  ['FirstName', 'Text', text(40)],
  ['LastName', 'Text', text(80, req)],
  ['Name', 'Text', text(121, { computedFrom: ['FirstName', 'LastName'] })]
];
const picklist = (values: string[], spec: FieldSpec = {}): FieldSpec => ({
  picklistValues: values,
  length: 255,
  ...spec
});
const lookup = (
  to: string[],
  relationshipName: string,
  spec: FieldSpec & { childName?: string } = {}
): FieldSpec & { childName?: string } => ({
  referenceTo: to,
  relationshipName,
  length: 18,
  ...spec
});

const TIME_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'GMT'
];

const STANDARD: StandardObjectSpec[] = [
  {
    name: 'Account',
    label: 'Account',
    plural: 'Accounts',
    prefix: '001',
    fields: [
      ['Name', 'Text', text(255, req)],
      ['AccountNumber', 'Text', text(40)],
      [
        'Type',
        'Picklist',
        picklist(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'])
      ],
      [
        'Industry',
        'Picklist',
        picklist(['Agriculture', 'Banking', 'Education', 'Healthcare', 'Technology', 'Other'])
      ],
      phone('Phone'),
      phone('Fax'),
      ['Website', 'Url', text(255)],
      ['Description', 'LongTextArea', text(32000)],
      ['NumberOfEmployees', 'Number', { precision: 8, scale: 0 }],
      ['AnnualRevenue', 'Currency', { precision: 18, scale: 0 }],
      ['ParentId', 'Lookup', lookup(['Account'], 'Parent', { childName: 'ChildAccounts' })],
      ...address('Billing'),
      ...address('Shipping')
    ]
  },
  {
    name: 'Contact',
    label: 'Contact',
    plural: 'Contacts',
    prefix: '003',
    fields: [
      ...personName,
      ['Salutation', 'Picklist', picklist(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'])],
      [
        'AccountId',
        'Lookup',
        lookup(['Account'], 'Account', { childName: 'Contacts', deleteConstraint: 'Cascade' })
      ],
      ['ReportsToId', 'Lookup', lookup(['Contact'], 'ReportsTo')],
      ['Email', 'Email', text(80)],
      phone('Phone'),
      phone('MobilePhone'),
      phone('HomePhone'),
      phone('OtherPhone'),
      phone('AssistantPhone'),
      phone('Fax'),
      ['Title', 'Text', text(128)],
      ['Department', 'Text', text(80)],
      ['Birthdate', 'Date'],
      [
        'LeadSource',
        'Picklist',
        picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'])
      ],
      ['HasOptedOutOfEmail', 'Checkbox', { defaultValue: false }],
      ['DoNotCall', 'Checkbox', { defaultValue: false }],
      ['Description', 'LongTextArea', text(32000)],
      ...address('Mailing'),
      ...address('Other')
    ]
  },
  {
    name: 'Lead',
    label: 'Lead',
    plural: 'Leads',
    prefix: '00Q',
    owner: ['User', 'Group'],
    fields: [
      ...personName,
      ['Salutation', 'Picklist', picklist(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'])],
      ['Company', 'Text', text(255, req)],
      [
        'Status',
        'Picklist',
        picklist(
          [
            'Open - Not Contacted',
            'Working - Contacted',
            'Closed - Converted',
            'Closed - Not Converted'
          ],
          {
            required: true,
            defaultValue: 'Open - Not Contacted'
          }
        )
      ],
      ['Email', 'Email', text(80)],
      phone('Phone'),
      phone('MobilePhone'),
      phone('Fax'),
      ['Title', 'Text', text(128)],
      [
        'Industry',
        'Picklist',
        picklist(['Agriculture', 'Banking', 'Education', 'Healthcare', 'Technology', 'Other'])
      ],
      ['Rating', 'Picklist', picklist(['Hot', 'Warm', 'Cold'])],
      [
        'LeadSource',
        'Picklist',
        picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'])
      ],
      ['Website', 'Url', text(255)],
      ['Description', 'LongTextArea', text(32000)],
      ['HasOptedOutOfEmail', 'Checkbox', { defaultValue: false }],
      ['DoNotCall', 'Checkbox', { defaultValue: false }],
      ['IsConverted', 'Checkbox', { defaultValue: false, ...ro }],
      ['ConvertedDate', 'Date', ro],
      ['ConvertedAccountId', 'Lookup', lookup(['Account'], 'ConvertedAccount', ro)],
      ['ConvertedContactId', 'Lookup', lookup(['Contact'], 'ConvertedContact', ro)],
      ...address('')
    ]
  },
  {
    name: 'Task',
    label: 'Task',
    plural: 'Tasks',
    prefix: '00T',
    owner: ['User', 'Group'],
    fields: [
      ['Subject', 'Text', text(255)],
      [
        'WhoId',
        'Lookup',
        lookup(['Contact', 'Lead'], 'Who', { childName: 'Tasks', deleteConstraint: 'Cascade' })
      ],
      [
        'WhatId',
        'Lookup',
        lookup(['Account'], 'What', { childName: 'Tasks', deleteConstraint: 'Cascade' })
      ],
      [
        'Status',
        'Picklist',
        picklist(
          ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
          { required: true, defaultValue: 'Not Started' }
        )
      ],
      [
        'Priority',
        'Picklist',
        picklist(['High', 'Normal', 'Low'], { required: true, defaultValue: 'Normal' })
      ],
      ['ActivityDate', 'Date'],
      ['Description', 'LongTextArea', text(32000)],
      ['Type', 'Picklist', picklist(['Call', 'Email', 'Meeting', 'Other'])],
      [
        'TaskSubtype',
        'Picklist',
        picklist(['Task', 'Email', 'ListEmail', 'Cadence', 'Call'], { defaultValue: 'Task' })
      ],
      ['CallType', 'Picklist', picklist(['Internal', 'Inbound', 'Outbound'])],
      ['IsClosed', 'Checkbox', { defaultValue: false, ...ro }]
    ]
  },
  {
    name: 'User',
    label: 'User',
    plural: 'Users',
    prefix: '005',
    owner: false,
    deletable: false,
    fields: [
      ...personName,
      ['Username', 'Text', text(80, { required: true, unique: true })],
      ['Alias', 'Text', text(8, req)],
      ['Email', 'Email', text(128, req)],
      ['CommunityNickname', 'Text', text(40, { unique: true })],
      ['Title', 'Text', text(80)],
      ['Department', 'Text', text(80)],
      phone('Phone'),
      phone('MobilePhone'),
      ['IsActive', 'Checkbox', { defaultValue: true }],
      [
        'ProfileId',
        'Lookup',
        lookup(['Profile'], 'Profile', { required: true, childName: 'Users' })
      ],
      ['UserRoleId', 'Lookup', lookup(['UserRole'], 'UserRole')],
      ['ManagerId', 'Lookup', lookup(['User'], 'Manager')],
      ['TimeZoneSidKey', 'Picklist', picklist(TIME_ZONES, req)],
      ['LocaleSidKey', 'Picklist', picklist(['en_US', 'en_GB', 'fr_FR', 'de_DE'], req)],
      ['EmailEncodingKey', 'Picklist', picklist(['UTF-8', 'ISO-8859-1'], req)],
      ['LanguageLocaleKey', 'Picklist', picklist(['en_US', 'fr', 'de'], req)],
      [
        'UserType',
        'Picklist',
        picklist(['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], {
          defaultValue: 'Standard',
          ...ro
        })
      ],
      ['FederationIdentifier', 'Text', text(512)]
    ]
  },
  {
    name: 'UserRole',
    label: 'Role',
    plural: 'Roles',
    prefix: '00E',
    owner: false,
    fields: [
      ['Name', 'Text', text(80, req)],
      ['DeveloperName', 'Text', text(80)],
      ['ParentRoleId', 'Lookup', lookup(['UserRole'], 'ParentRole')]
    ]
  },
  {
    name: 'Profile',
    label: 'Profile',
    plural: 'Profiles',
    prefix: '00e',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['Name', 'Text', text(255, req)],
      ['Description', 'Text', text(255)],
      ['UserType', 'Picklist', picklist(['Standard', 'PowerPartner', 'CsnOnly', 'Guest'])],
      ['PermissionsModifyAllData', 'Checkbox', { defaultValue: false }],
      ['PermissionsViewAllData', 'Checkbox', { defaultValue: false }],
      ['PermissionsApiEnabled', 'Checkbox', { defaultValue: false }]
    ]
  },
  {
    name: 'Organization',
    label: 'Organization',
    plural: 'Organizations',
    prefix: '00D',
    owner: false,
    createable: false,
    deletable: false,
    fields: [
      ['Name', 'Text', text(80, req)],
      ['IsSandbox', 'Checkbox', { defaultValue: false, ...ro }],
      ['OrganizationType', 'Text', text(40, ro)],
      ['NamespacePrefix', 'Text', text(15, ro)],
      ['InstanceName', 'Text', text(5, ro)],
      ['TimeZoneSidKey', 'Picklist', picklist(TIME_ZONES)],
      ['DefaultLocaleSidKey', 'Picklist', picklist(['en_US', 'en_GB', 'fr_FR', 'de_DE'])],
      ['LanguageLocaleKey', 'Picklist', picklist(['en_US', 'fr', 'de'])],
      ['Country', 'Text', text(80)],
      ['TrialExpirationDate', 'DateTime', ro]
    ]
  },
  {
    name: 'Group',
    label: 'Group',
    plural: 'Groups',
    prefix: '00G',
    fields: [
      ['Name', 'Text', text(40, req)],
      ['DeveloperName', 'Text', text(80)],
      [
        'Type',
        'Picklist',
        picklist(['Regular', 'Queue', 'Role', 'Organization'], { defaultValue: 'Regular' })
      ],
      ['Email', 'Email', text(255)],
      ['DoesSendEmailToMembers', 'Checkbox', { defaultValue: false }]
    ]
  },
  {
    name: 'RecordType',
    label: 'Record Type',
    plural: 'Record Types',
    prefix: '012',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['Name', 'Text', text(80, req)],
      ['DeveloperName', 'Text', text(80)],
      ['SobjectType', 'Picklist', picklist([])],
      ['IsActive', 'Checkbox', { defaultValue: true }],
      ['NamespacePrefix', 'Text', text(15)],
      ['Description', 'Text', text(255)]
    ]
  },
  {
    name: 'ApexClass',
    label: 'Apex Class',
    plural: 'Apex Classes',
    prefix: '01p',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['Name', 'Text', text(255, req)],
      ['NamespacePrefix', 'Text', text(15)],
      [
        'Status',
        'Picklist',
        picklist(['Active', 'Deleted', 'Inactive'], { defaultValue: 'Active' })
      ],
      ['ApiVersion', 'Number', { precision: 18, scale: 1 }],
      ['IsValid', 'Checkbox', { defaultValue: true }],
      ['LengthWithoutComments', 'Number', { precision: 9, scale: 0 }]
    ]
  },
  {
    name: 'ApexTrigger',
    label: 'Apex Trigger',
    plural: 'Apex Triggers',
    prefix: '01q',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['Name', 'Text', text(255, req)],
      ['TableEnumOrId', 'Picklist', picklist([])],
      ['NamespacePrefix', 'Text', text(15)],
      [
        'Status',
        'Picklist',
        picklist(['Active', 'Deleted', 'Inactive'], { defaultValue: 'Active' })
      ],
      ['ApiVersion', 'Number', { precision: 18, scale: 1 }],
      ['IsValid', 'Checkbox', { defaultValue: true }],
      ['UsageBeforeInsert', 'Checkbox', { defaultValue: false }],
      ['UsageAfterInsert', 'Checkbox', { defaultValue: false }],
      ['UsageBeforeUpdate', 'Checkbox', { defaultValue: false }],
      ['UsageAfterUpdate', 'Checkbox', { defaultValue: false }],
      ['UsageBeforeDelete', 'Checkbox', { defaultValue: false }],
      ['UsageAfterDelete', 'Checkbox', { defaultValue: false }],
      ['UsageAfterUndelete', 'Checkbox', { defaultValue: false }],
      ['UsageIsBulk', 'Checkbox', { defaultValue: true }]
    ]
  },
  {
    name: 'FlowDefinitionView',
    label: 'Flow Definition View',
    plural: 'Flow Definition Views',
    prefix: '300',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['ApiName', 'Text', text(255)],
      ['Label', 'Text', text(255)],
      ['DurableId', 'Text', text(255)],
      ['ActiveVersionId', 'Text', text(18)],
      ['LatestVersionId', 'Text', text(18)],
      [
        'ProcessType',
        'Picklist',
        picklist(['Flow', 'AutoLaunchedFlow', 'Workflow', 'CustomEvent', 'InvocableProcess'])
      ],
      [
        'TriggerType',
        'Picklist',
        picklist([
          'RecordBeforeSave',
          'RecordAfterSave',
          'RecordBeforeDelete',
          'PlatformEvent',
          'Scheduled'
        ])
      ],
      ['TriggerObjectOrEventId', 'Text', text(255)],
      ['TriggerObjectOrEventLabel', 'Text', text(255)],
      ['IsActive', 'Checkbox', { defaultValue: false }],
      ['NamespacePrefix', 'Text', text(15)],
      ['Description', 'Text', text(255)]
    ]
  },
  {
    // Setup metadata about objects (the runner creates one row per object of the schema).
    name: 'EntityDefinition',
    label: 'Entity Definition',
    plural: 'Entity Definitions',
    prefix: '4ie',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['QualifiedApiName', 'Text', text(250)],
      ['DeveloperName', 'Text', text(40)],
      ['DurableId', 'Text', text(70)],
      ['Label', 'Text', text(40)],
      ['MasterLabel', 'Text', text(40)],
      ['PluralLabel', 'Text', text(40)],
      ['KeyPrefix', 'Text', text(3)],
      ['NamespacePrefix', 'Text', text(15)],
      ['IsCustomizable', 'Checkbox', { defaultValue: false }],
      ['IsCustomSetting', 'Checkbox', { defaultValue: false }],
      ['IsQueryable', 'Checkbox', { defaultValue: true }]
    ]
  },
  {
    name: 'AsyncApexJob',
    label: 'Apex Job',
    plural: 'Apex Jobs',
    prefix: '707',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      [
        'Status',
        'Picklist',
        picklist(['Holding', 'Queued', 'Preparing', 'Processing', 'Aborted', 'Completed', 'Failed'])
      ],
      [
        'JobType',
        'Picklist',
        picklist([
          'BatchApex',
          'BatchApexWorker',
          'Queueable',
          'Future',
          'ScheduledApex',
          'SharingRecalculation',
          'TestRequest'
        ])
      ],
      ['JobItemsProcessed', 'Number', { precision: 9, scale: 0, defaultValue: null }],
      ['TotalJobItems', 'Number', { precision: 9, scale: 0 }],
      ['NumberOfErrors', 'Number', { precision: 9, scale: 0 }],
      ['ApexClassId', 'Lookup', lookup(['ApexClass'], 'ApexClass')],
      ['MethodName', 'Text', text(255)],
      ['ExtendedStatus', 'Text', text(255)],
      ['CompletedDate', 'DateTime'],
      ['ParentJobId', 'Lookup', lookup(['AsyncApexJob'], 'ParentJob')],
      ['LastProcessed', 'Text', text(15)],
      ['LastProcessedOffset', 'Number', { precision: 9, scale: 0 }],
      ['CronTriggerId', 'Text', text(18)]
    ]
  },
  {
    name: 'PermissionSet',
    label: 'Permission Set',
    plural: 'Permission Sets',
    prefix: '0PS',
    owner: false,
    fields: [
      ['Name', 'Text', text(80, req)],
      ['Label', 'Text', text(80, req)],
      ['Description', 'Text', text(255)],
      ['NamespacePrefix', 'Text', text(15, ro)],
      ['IsOwnedByProfile', 'Checkbox', { defaultValue: false, ...ro }],
      ['ProfileId', 'Lookup', lookup(['Profile'], 'Profile', ro)],
      ['PermissionsModifyAllData', 'Checkbox', { defaultValue: false }],
      ['PermissionsViewAllData', 'Checkbox', { defaultValue: false }]
    ]
  },
  {
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    plural: 'Permission Set Assignments',
    prefix: '0Pa',
    owner: false,
    updateable: false,
    fields: [
      [
        'AssigneeId',
        'Lookup',
        lookup(['User'], 'Assignee', {
          required: true,
          updateable: false,
          childName: 'PermissionSetAssignments'
        })
      ],
      [
        'PermissionSetId',
        'Lookup',
        lookup(['PermissionSet'], 'PermissionSet', {
          required: true,
          updateable: false,
          childName: 'Assignments'
        })
      ],
      [
        'PermissionSetGroupId',
        'Lookup',
        lookup(['PermissionSetGroup'], 'PermissionSetGroup', { updateable: false })
      ],
      ['IsActive', 'Checkbox', { defaultValue: true, ...ro }]
    ]
  },
  {
    name: 'CustomPermission',
    label: 'Custom Permission',
    plural: 'Custom Permissions',
    prefix: '0CP',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['DeveloperName', 'Text', text(80, req)],
      ['MasterLabel', 'Text', text(255, req)],
      ['NamespacePrefix', 'Text', text(15)],
      ['Description', 'Text', text(255)],
      ['IsProtected', 'Checkbox', { defaultValue: false }]
    ]
  },
  {
    name: 'SetupEntityAccess',
    label: 'Setup Entity Access',
    plural: 'Setup Entity Access',
    prefix: '0J0',
    owner: false,
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      [
        'ParentId',
        'Lookup',
        lookup(['PermissionSet'], 'Parent', { childName: 'SetupEntityAccessItems' })
      ],
      ['SetupEntityId', 'Text', text(18)],
      [
        'SetupEntityType',
        'Picklist',
        picklist(['ApexClass', 'ApexPage', 'CustomPermission', 'TabSet', 'ConnectedApplication'])
      ]
    ]
  }
];

/** System fields every standard and custom (non-setting, non-metadata) object has. */
export function auditFields(): FieldDef[] {
  const sys = { system: true, createable: false, updateable: false, filterable: true };
  return [
    field('Id', 'Id', { ...sys, length: 18, label: 'Record ID' }),
    field('IsDeleted', 'Checkbox', { ...sys, label: 'Deleted', defaultValue: false }),
    field('CreatedDate', 'DateTime', { ...sys, label: 'Created Date' }),
    field('CreatedById', 'Lookup', {
      ...sys,
      label: 'Created By ID',
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
      length: 18
    }),
    field('LastModifiedDate', 'DateTime', { ...sys, label: 'Last Modified Date' }),
    field('LastModifiedById', 'Lookup', {
      ...sys,
      label: 'Last Modified By ID',
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
      length: 18
    }),
    field('SystemModstamp', 'DateTime', { ...sys, label: 'System Modstamp' })
  ];
}

export function ownerField(referenceTo: readonly string[]): FieldDef {
  return field('OwnerId', 'Lookup', {
    label: 'Owner ID',
    referenceTo,
    relationshipName: 'Owner',
    length: 18
  });
}

export function addStandardObjects(schema: OrgSchemaImpl): void {
  for (const spec of STANDARD) {
    const def = new ObjectDefImpl(spec.name, spec.label, spec.plural, 'standard', spec.prefix, {
      createable: spec.createable,
      updateable: spec.updateable,
      deletable: spec.deletable
    });
    for (const f of auditFields()) def.addField(f);
    if (spec.owner !== false) def.addField(ownerField(spec.owner ?? ['User']));
    for (const [name, type, fieldSpec = {}] of spec.fields) {
      const { childName, ...rest } = fieldSpec;
      def.addField(field(name, type, rest));
      if (childName && rest.referenceTo) {
        for (const parent of rest.referenceTo) {
          OrgSchemaImpl.standardChildNames.set(
            `${spec.name}.${name}.${parent}`.toLowerCase(),
            childName
          );
        }
      }
    }
    if (spec.name === 'Task') def.nameField = 'Subject';
    schema.addObject(def);
  }
}

/** The standard profiles every org has (created as Profile records by the store). */
export const STANDARD_PROFILES: readonly { name: string; modifyAllData: boolean }[] = [
  { name: 'System Administrator', modifyAllData: true },
  { name: 'Standard User', modifyAllData: false },
  { name: 'Minimum Access - Salesforce', modifyAllData: false }
];
