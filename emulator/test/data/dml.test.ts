import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DmlFailure,
  TriggerExecutionError,
  type ObjectDef,
  type SObjectRecord,
  type TriggerEvent
} from '../../src/contracts.js';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexDatetime, Decimal } from '../../src/values.js';
import { isValidId } from '../../src/data/ids.js';
import { FIXED_NOW, setup } from './helpers.js';

test('insert sets the Id on the caller record, applies defaults, owner and audit fields', () => {
  const { store, dmlOptions, user } = setup();
  const conv = store.newRecord('Conversation__c', { Name: 'c1' });
  const [result] = store.dml('insert', [conv], dmlOptions());
  assert.equal(result.success, true);
  assert.equal(result.created, true);
  assert.ok(isValidId(conv.id!) && conv.id!.startsWith('a00'));
  assert.equal(
    conv.isSet('NewCount__c'),
    false,
    'defaults are not copied back to the caller record'
  );
  const stored = store.getRecord(conv.id!)!;
  assert.ok((stored.get('NewCount__c') as Decimal).eq(0));
  assert.equal(stored.get('Channel__c'), 'SMS');
  assert.equal(stored.get('OwnerId'), user.userId);
  assert.ok((stored.get('CreatedDate') as ApexDatetime).equals(FIXED_NOW));
  assert.equal(stored.get('IsDeleted'), false);
});

test('records handed out are copies: later changes in Apex do not write through', () => {
  const { store, dmlOptions } = setup();
  const conv = store.newRecord('Conversation__c', { Name: 'before' });
  store.dml('insert', [conv], dmlOptions());
  conv.put('Name', 'changed in Apex');
  const copy = store.getRecord(conv.id!)!;
  copy.put('Name', 'changed on the copy');
  assert.equal(store.getRecord(conv.id!)!.get('Name'), 'before');
});

test('required fields: REQUIRED_FIELD_MISSING lists every missing field, allOrNone throws with the platform text', () => {
  const { store, dmlOptions } = setup();
  const lead = store.newRecord('Lead', { FirstName: 'Ann' });
  assert.throws(
    () => store.dml('insert', [lead], dmlOptions()),
    (e: unknown) =>
      e instanceof DmlFailure &&
      e.message ===
        'Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [LastName, Company]: [LastName, Company]' &&
      e.failures[0].index === 0
  );
  assert.equal(lead.id, null);
});

test('Lead status defaults to Open - Not Contacted and Name is computed', () => {
  const { store, dmlOptions } = setup();
  const lead = store.newRecord('Lead', { FirstName: 'Ann', LastName: 'Lee', Company: 'Acme' });
  store.dml('insert', [lead], dmlOptions());
  const stored = store.getRecord(lead.id!)!;
  assert.equal(stored.get('Status'), 'Open - Not Contacted');
  assert.equal(stored.get('Name'), 'Ann Lee');
});

test('text length, restricted picklist, number range and email are validated', () => {
  const { store, dmlOptions } = setup();
  const cases: [SObjectRecord, string, string][] = [
    [
      store.newRecord('SMSMagic__c', { SMSText__c: 'x'.repeat(161) }),
      'STRING_TOO_LONG',
      `SMS Text: data value too large: ${'x'.repeat(161)} (max length=160)`
    ],
    [
      store.newRecord('SMSMagic__c', { Direction__c: 'SIDEWAYS' }),
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'Direction: bad value for restricted picklist field: SIDEWAYS'
    ],
    [
      store.newRecord('Conversation__c', { Rating__c: new Decimal('123.4') }),
      'NUMBER_OUTSIDE_VALID_RANGE',
      'Rating: value outside of valid range on numeric field: 123.4'
    ],
    [
      store.newRecord('Contact', { LastName: 'x', Email: 'not-an-email' }),
      'INVALID_EMAIL_ADDRESS',
      'Email: invalid email address: not-an-email'
    ]
  ];
  for (const [record, code, message] of cases) {
    const [r] = store.dml('insert', [record], dmlOptions({ allOrNone: false }));
    assert.equal(r.success, false, code);
    assert.equal(r.errors[0].statusCode, code);
    assert.equal(r.errors[0].message, message);
  }
  const ok = store.newRecord('Conversation__c', { Rating__c: new Decimal('12.345') });
  assert.equal(store.dml('insert', [ok], dmlOptions())[0].success, true);
});

test('unique fields: DUPLICATE_VALUE against stored rows (case-insensitive) and inside the batch', () => {
  const { store, dmlOptions } = setup();
  const first = store.newRecord('Conversation__c', { Conversation_Key__c: 'ABC' });
  store.dml('insert', [first], dmlOptions());
  const results = store.dml(
    'insert',
    [
      store.newRecord('Conversation__c', { Conversation_Key__c: 'abc' }),
      store.newRecord('Conversation__c', { Conversation_Key__c: 'new' }),
      store.newRecord('Conversation__c', { Conversation_Key__c: 'NEW' })
    ],
    dmlOptions({ allOrNone: false })
  );
  assert.deepEqual(
    results.map((r) => r.success),
    [false, true, false]
  );
  assert.equal(results[0].errors[0].statusCode, 'DUPLICATE_VALUE');
  assert.match(
    results[0].errors[0].message,
    new RegExp(`duplicates value on record with id: ${first.id}`)
  );
  // case-sensitive unique field: differing case is not a duplicate
  const a = store.newRecord('SMSMagic__c', { external_field__c: 'k1' });
  const b = store.newRecord('SMSMagic__c', { external_field__c: 'K1' });
  assert.deepEqual(
    store.dml('insert', [a, b], dmlOptions()).map((r) => r.success),
    [true, true]
  );
});

test('lookups must exist and be of the right type', () => {
  const { store, dmlOptions } = setup();
  const account = store.newRecord('Account', { Name: 'A' });
  store.dml('insert', [account], dmlOptions());
  const wrongType = store.newRecord('SMSMagic__c', { Contact__c: account.id });
  const missing = store.newRecord('Contact', { LastName: 'x', AccountId: store.newId('Account') });
  const [r1, r2] = store.dml('insert', [wrongType, missing], dmlOptions({ allOrNone: false }));
  assert.equal(r1.errors[0].statusCode, 'FIELD_INTEGRITY_EXCEPTION');
  assert.equal(r2.errors[0].statusCode, 'INVALID_CROSS_REFERENCE_KEY');
});

test('partial success saves the good rows and reports the bad ones by index', () => {
  const { store, dmlOptions, limits } = setup();
  const rows = [
    store.newRecord('Contact', { LastName: 'a' }),
    store.newRecord('Contact', {}),
    store.newRecord('Contact', { LastName: 'c' })
  ];
  const results = store.dml('insert', rows, dmlOptions({ allOrNone: false }));
  assert.deepEqual(
    results.map((r) => r.success),
    [true, false, true]
  );
  assert.equal(results[1].id, null);
  assert.equal(rows[1].id, null);
  assert.equal(store.table('Contact').liveCount, 2);
  assert.equal(limits.used('dmlStatements'), 1);
  assert.equal(limits.used('dmlRows'), 3);
});

test('allOrNone: nothing is written when one row fails', () => {
  const { store, dmlOptions } = setup();
  assert.throws(
    () =>
      store.dml(
        'insert',
        [store.newRecord('Contact', { LastName: 'a' }), store.newRecord('Contact', {})],
        dmlOptions()
      ),
    DmlFailure
  );
  assert.equal(store.table('Contact').liveCount, 0);
});

test('triggers: before changes reach the row and the caller, addError fails the row, partial save retries with the good rows', () => {
  const { store, dmlOptions } = setup();
  const calls: string[] = [];
  const fireTriggers = (object: ObjectDef, event: TriggerEvent, news: SObjectRecord[] | null) => {
    calls.push(`${event}:${news?.length ?? 0}`);
    if (event === 'before insert') {
      for (const r of news!) {
        r.put('Title', 'set by trigger');
        if (r.get('LastName') === 'bad') r.addError('no bad names', 'LastName');
      }
    }
    if (event === 'after insert') {
      assert.ok(news!.every((r) => r.id !== null));
      assert.throws(
        () => news![0].put('Title', 'x'),
        (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.FinalException'
      );
    }
  };
  const rows = [
    store.newRecord('Contact', { LastName: 'good' }),
    store.newRecord('Contact', { LastName: 'bad' })
  ];
  const results = store.dml('insert', rows, dmlOptions({ allOrNone: false, fireTriggers }));
  assert.deepEqual(
    results.map((r) => r.success),
    [true, false]
  );
  assert.deepEqual(results[1].errors[0], {
    statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    message: 'no bad names',
    fields: ['LastName']
  });
  assert.deepEqual(
    calls,
    ['before insert:2', 'before insert:1', 'after insert:1'],
    'the first attempt is rolled back and retried with the good row'
  );
  assert.equal(rows[0].get('Title'), 'set by trigger');
  assert.equal(store.getRecord(rows[0].id!)!.get('Title'), 'set by trigger');
  assert.equal(store.table('Contact').liveCount, 1);
});

test('update merges the set fields, checks the id, and gives triggers old and new', () => {
  const { store, dmlOptions } = setup();
  const c = store.newRecord('Contact', { LastName: 'Lee', Title: 'Dr' });
  store.dml('insert', [c], dmlOptions());
  const seen: string[] = [];
  const change = store.newRecord('Contact', { Id: c.id, FirstName: 'Ann' });
  store.dml(
    'update',
    [change],
    dmlOptions({
      fireTriggers: (_o, event, news, olds) =>
        seen.push(`${event}:${news![0].get('Name')}<-${olds![0].get('Name')}`)
    })
  );
  const stored = store.getRecord(c.id!)!;
  assert.equal(stored.get('Title'), 'Dr');
  assert.equal(stored.get('Name'), 'Ann Lee');
  assert.deepEqual(seen, ['before update:Ann Lee<-Lee', 'after update:Ann Lee<-Lee']);
  const ghost = store.newRecord('Contact', { Id: store.newId('Contact'), LastName: 'x' });
  const [r] = store.dml('update', [ghost], dmlOptions({ allOrNone: false }));
  assert.equal(r.errors[0].statusCode, 'INVALID_CROSS_REFERENCE_KEY');
  const [noId] = store.dml(
    'update',
    [store.newRecord('Contact', { LastName: 'x' })],
    dmlOptions({ allOrNone: false })
  );
  assert.equal(noId.errors[0].statusCode, 'MISSING_ARGUMENT');
});

test('upsert by external id: matches case-insensitively, creates otherwise, and flags several matches', () => {
  const { store, dmlOptions } = setup();
  const existing = store.newRecord('SMSMagic__c', {
    Unformatted_Phone__c: '14155550123',
    SMSText__c: 'old'
  });
  store.dml('insert', [existing], dmlOptions());
  const update = store.newRecord('SMSMagic__c', {
    Unformatted_Phone__c: '14155550123',
    SMSText__c: 'new'
  });
  const create = store.newRecord('SMSMagic__c', { Unformatted_Phone__c: '447700900123' });
  const results = store.dml(
    'upsert',
    [update, create],
    dmlOptions({ externalIdField: 'Unformatted_Phone__c' })
  );
  assert.deepEqual(
    results.map((r) => [r.success, r.created]),
    [
      [true, false],
      [true, true]
    ]
  );
  assert.equal(
    update.id,
    existing.id,
    'upsert sets the Id of the matched record on the caller record'
  );
  assert.equal(store.getRecord(existing.id!)!.get('SMSText__c'), 'new');
  // a second row with the same (non-unique) key: now two rows match
  store.dml(
    'insert',
    [store.newRecord('SMSMagic__c', { Unformatted_Phone__c: '447700900123' })],
    dmlOptions()
  );
  const [dup] = store.dml(
    'upsert',
    [store.newRecord('SMSMagic__c', { Unformatted_Phone__c: '447700900123' })],
    dmlOptions({ allOrNone: false, externalIdField: 'Unformatted_Phone__c' })
  );
  assert.equal(dup.errors[0].statusCode, 'DUPLICATE_EXTERNAL_ID');
});

test('delete cascades master-detail, clears lookups, and undelete restores both', () => {
  const { store, dmlOptions } = setup();
  const conv = store.newRecord('Conversation__c', { Name: 'c' });
  store.dml('insert', [conv], dmlOptions());
  const msg = store.newRecord('SMSMagic__c', { Conversation__c: conv.id });
  store.dml('insert', [msg], dmlOptions());
  const part = store.newRecord('Message_Part__c', { Message__c: msg.id, Name: 'p1' });
  store.dml('insert', [part], dmlOptions());
  store.dml('delete', [store.newRecord('Conversation__c', { Id: conv.id })], dmlOptions());
  assert.equal(
    store.getRecord(msg.id!)!.get('Conversation__c'),
    null,
    'deleting the parent clears the lookup'
  );
  const [again] = store.dml(
    'delete',
    [store.newRecord('Conversation__c', { Id: conv.id })],
    dmlOptions({ allOrNone: false })
  );
  assert.equal(again.errors[0].statusCode, 'ENTITY_IS_DELETED');
  store.dml('undelete', [store.newRecord('Conversation__c', { Id: conv.id })], dmlOptions());
  assert.equal(
    store.getRecord(msg.id!)!.get('Conversation__c'),
    conv.id,
    'undelete restores the cleared lookup'
  );
  store.dml('delete', [store.newRecord('SMSMagic__c', { Id: msg.id })], dmlOptions());
  assert.equal(store.getRecord(msg.id!), null);
  assert.equal(store.getRecord(part.id!), null, 'master-detail child goes with its master');
  store.dml('undelete', [store.newRecord('SMSMagic__c', { Id: msg.id })], dmlOptions());
  assert.ok(store.getRecord(part.id!), 'cascaded child comes back');
});

test('custom metadata is read-only; setup objects refuse DML', () => {
  const { store, dmlOptions } = setup();
  assert.throws(
    () =>
      store.dml(
        'insert',
        [store.newRecord('Status_Map__mdt', { DeveloperName: 'x' })],
        dmlOptions()
      ),
    /DML operation INSERT not allowed on Status_Map__mdt/
  );
  assert.throws(
    () => store.dml('insert', [store.newRecord('AsyncApexJob', {})], dmlOptions()),
    /not allowed on AsyncApexJob/
  );
});

test('user mode: object and field access become row errors', () => {
  const { store, dmlOptions, user } = setup();
  const agent = {
    ...user,
    modifyAllData: false,
    canCreateObject: (o: string) => o !== 'Conversation__c',
    canEditField: (_o: string, f: string) => f !== 'Title'
  };
  const [noCreate] = store.dml(
    'insert',
    [store.newRecord('Conversation__c', {})],
    dmlOptions({ allOrNone: false, accessLevel: 'user', user: agent })
  );
  assert.equal(noCreate.errors[0].statusCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
  const [noField] = store.dml(
    'insert',
    [store.newRecord('Contact', { LastName: 'x', Title: 't' })],
    dmlOptions({ allOrNone: false, accessLevel: 'user', user: agent })
  );
  assert.equal(noField.errors[0].statusCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
  assert.deepEqual(noField.errors[0].fields, ['Title']);
});

test('snapshot and restore undo every change, repeatedly, and invalidate later snapshots', () => {
  const { store, dmlOptions } = setup();
  const kept = store.newRecord('Contact', { LastName: 'kept' });
  store.dml('insert', [kept], dmlOptions());
  const s0 = store.snapshot();
  for (let round = 0; round < 2; round++) {
    store.dml('insert', [store.newRecord('Contact', { LastName: 'temp' })], dmlOptions());
    store.dml(
      'update',
      [store.newRecord('Contact', { Id: kept.id, LastName: 'changed' })],
      dmlOptions()
    );
    const s1 = store.snapshot();
    store.dml('delete', [store.newRecord('Contact', { Id: kept.id })], dmlOptions());
    store.restore(s1);
    assert.equal(store.getRecord(kept.id!)!.get('LastName'), 'changed');
    store.restore(s0);
    assert.equal(store.getRecord(kept.id!)!.get('LastName'), 'kept');
    assert.equal(store.table('Contact').liveCount, 1);
    assert.throws(() => store.restore(s1), /no longer valid/);
  }
});

test('hierarchy custom settings: user, then profile, then org default, with fields merged', () => {
  const { store, user } = setup();
  const orgId = [...store.table('Organization').rows.keys()][0];
  store.insertSystem('Converse_Settings__c', {
    SetupOwnerId: orgId,
    Enabled__c: true,
    Country__c: 'US'
  });
  store.insertSystem('Converse_Settings__c', {
    SetupOwnerId: user.profileId,
    Max_Length__c: 70,
    Country__c: null
  });
  const mine = store.lookupHierarchySetting('Converse_Settings__c', user.userId, user.profileId)!;
  assert.equal(mine.get('SetupOwnerId'), user.profileId);
  assert.ok((mine.get('Max_Length__c') as Decimal).eq(70));
  assert.equal(
    mine.get('Country__c'),
    'US',
    'empty at the profile level: taken from the org default'
  );
  assert.equal(
    store.lookupHierarchySetting('Converse_Settings__c', null, null)!.get('SetupOwnerId'),
    orgId
  );
});

test('toJson / loadJson round-trips every typed value', () => {
  const { store, dmlOptions, schema } = setup();
  const conv = store.newRecord('Conversation__c', {
    Name: 'x',
    Rating__c: new Decimal('1.5'),
    LastMessageTime__c: FIXED_NOW
  });
  store.dml('insert', [conv], dmlOptions());
  const json = JSON.parse(JSON.stringify(store.toJson()));
  const { store: other } = setup();
  other.loadJson(json);
  const back = other.getRecord(conv.id!)!;
  assert.ok((back.get('Rating__c') as Decimal).eq(1.5));
  assert.ok((back.get('LastMessageTime__c') as ApexDatetime).equals(FIXED_NOW));
  assert.ok(schema.getObject('Conversation__c'));
});

test('read-only trigger records share nothing writable with the store', () => {
  const { store, dmlOptions } = setup();
  const c = store.newRecord('Contact', { LastName: 'Lee' });
  store.dml('insert', [c], dmlOptions());
  let old: SObjectRecord | null = null;
  store.dml(
    'update',
    [store.newRecord('Contact', { Id: c.id, LastName: 'Kim' })],
    dmlOptions({
      fireTriggers: (_o, event, _news, olds) => {
        if (event === 'after update') old = olds![0];
      }
    })
  );
  assert.throws(() => old!.put('LastName', 'x'), /read-only/);
  // Using the old record in a later DML (as its Id carrier) must not change the stored row it came from.
  const [r] = store.dml('update', [old!], dmlOptions({ allOrNone: false }));
  assert.equal(r.success, true);
  assert.equal(
    store.getRecord(c.id!)!.get('LastName'),
    'Lee',
    'updating with the old values restores them'
  );
  assert.equal(old!.get('LastName'), 'Lee');
});

test('auto-number names follow the display format and are not reused after a rollback', () => {
  const { store, dmlOptions } = setup();
  const a = store.newRecord('SMSMagic__c', {});
  store.dml('insert', [a], dmlOptions());
  assert.equal(store.getRecord(a.id!)!.get('Name'), 'SMS-00001');
  const s = store.snapshot();
  store.dml('insert', [store.newRecord('SMSMagic__c', {})], dmlOptions());
  store.restore(s);
  const b = store.newRecord('SMSMagic__c', {});
  store.dml('insert', [b], dmlOptions());
  assert.equal(store.getRecord(b.id!)!.get('Name'), 'SMS-00003');
});

test('a trigger that fails: TriggerExecutionError fails its rows, any other error undoes the statement', () => {
  const { store, dmlOptions } = setup();
  const failing = new TriggerExecutionError({
    statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
    message:
      'ContactTrigger: execution of AfterInsert\n\ncaused by: System.NullPointerException: boom',
    fields: []
  });
  const fireTriggers = (_o: ObjectDef, event: TriggerEvent, news: SObjectRecord[] | null) => {
    if (event === 'after insert' && news!.some((r) => r.get('LastName') === 'bad')) throw failing;
  };
  assert.throws(
    () =>
      store.dml(
        'insert',
        [store.newRecord('Contact', { LastName: 'bad' })],
        dmlOptions({ fireTriggers })
      ),
    (e: unknown) =>
      e instanceof DmlFailure &&
      /first error: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, ContactTrigger: execution of AfterInsert/.test(
        e.message
      )
  );
  const results = store.dml(
    'insert',
    [
      store.newRecord('Contact', { LastName: 'good' }),
      store.newRecord('Contact', { LastName: 'bad' })
    ],
    dmlOptions({ allOrNone: false, fireTriggers })
  );
  assert.deepEqual(
    results.map((r) => r.success),
    [false, false],
    'the whole trigger batch fails'
  );
  assert.equal(store.table('Contact').liveCount, 0);
  const crash = () => {
    throw new Error('interpreter bug');
  };
  assert.throws(
    () =>
      store.dml(
        'insert',
        [store.newRecord('Contact', { LastName: 'x' })],
        dmlOptions({
          allOrNone: false,
          fireTriggers: (_o, event) => event === 'after insert' && crash()
        })
      ),
    /interpreter bug/
  );
  assert.equal(store.table('Contact').liveCount, 0, 'nothing stays written');
});

test('deleting an account deletes its contacts and its tasks, as the platform', () => {
  const { store, dmlOptions } = setup();
  const account = store.newRecord('Account', { Name: 'A' });
  store.dml('insert', [account], dmlOptions());
  const contact = store.newRecord('Contact', { LastName: 'x', AccountId: account.id });
  store.dml('insert', [contact], dmlOptions());
  const task = store.newRecord('Task', { Subject: 't', WhatId: account.id });
  store.dml('insert', [task], dmlOptions());
  store.dml('delete', [store.newRecord('Account', { Id: account.id })], dmlOptions());
  assert.equal(store.getRecord(contact.id!), null);
  assert.equal(store.getRecord(task.id!), null);
  store.dml('undelete', [store.newRecord('Account', { Id: account.id })], dmlOptions());
  assert.ok(store.getRecord(contact.id!));
});

test('a parent given as a record with an external id sets the lookup on save', () => {
  const { store, dmlOptions } = setup();
  const conv = store.newRecord('Conversation__c', { Conversation_Key__c: 'Key-1' });
  store.dml('insert', [conv], dmlOptions());
  const msg = store.newRecord('SMSMagic__c', {});
  msg.putParent(
    'Conversation__r',
    store.newRecord('Conversation__c', { Conversation_Key__c: 'key-1' })
  );
  store.dml('insert', [msg], dmlOptions());
  assert.equal(store.getRecord(msg.id!)!.get('Conversation__c'), conv.id);
  const orphan = store.newRecord('SMSMagic__c', {});
  orphan.putParent(
    'Conversation__r',
    store.newRecord('Conversation__c', { Conversation_Key__c: 'nope' })
  );
  const [r] = store.dml('insert', [orphan], dmlOptions({ allOrNone: false }));
  assert.equal(r.errors[0].statusCode, 'INVALID_FIELD');
  assert.match(
    r.errors[0].message,
    /Foreign key external ID: nope not found for field Conversation_Key__c in entity Conversation__c/
  );
});

test('forgetHistory invalidates every earlier snapshot', () => {
  const { store, dmlOptions } = setup();
  const before = store.snapshot();
  store.dml('insert', [store.newRecord('Contact', { LastName: 'a' })], dmlOptions());
  store.forgetHistory();
  store.dml('insert', [store.newRecord('Contact', { LastName: 'b' })], dmlOptions());
  assert.throws(() => store.restore(before), /no longer valid/);
  assert.equal(store.table('Contact').liveCount, 2);
});

test('partial-save retries start from the limits as they were before the first attempt', () => {
  const { store, dmlOptions, limits } = setup();
  const fireTriggers = (_o: ObjectDef, event: TriggerEvent, news: SObjectRecord[] | null) => {
    if (event !== 'before insert') return;
    limits.consume('queries', 1); // the trigger runs one query per attempt
    for (const r of news!) if (r.get('LastName') === 'bad') r.addError('bad');
  };
  store.dml(
    'insert',
    [
      store.newRecord('Contact', { LastName: 'good' }),
      store.newRecord('Contact', { LastName: 'bad' })
    ],
    dmlOptions({ allOrNone: false, fireTriggers })
  );
  assert.equal(limits.used('queries'), 1, 'the retry does not add to the first attempt');
  assert.equal(limits.used('dmlStatements'), 1);
});
