import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { Decimal } from '../../src/values.js';
import { setup } from './helpers.js';

test('put converts numbers to Decimal and 15-character ids to 18, and refuses the wrong type', () => {
  const { store } = setup();
  const conv = store.newRecord('Conversation__c', {});
  conv.put('NewCount__c', 3);
  assert.ok(conv.get('NewCount__c') instanceof Decimal);
  conv.put('Sender__c', 'a0300000000001A');
  assert.equal((conv.get('Sender__c') as string).length, 18);
  assert.throws(
    () => conv.put('Name', 5),
    (e: unknown) =>
      e instanceof ApexThrow && e.apexMessage === 'Illegal assignment from Integer to String'
  );
  assert.throws(
    () => conv.get('Nope__c'),
    (e: unknown) =>
      e instanceof ApexThrow && e.apexMessage === 'Invalid field Nope__c for Conversation__c'
  );
  assert.equal(conv.get('IsUnread__c'), null, 'a record built in Apex reads unset fields as null');
});

test('clone drops the Id unless asked, and always the read-only timestamps and auto-numbers', () => {
  const { store, dmlOptions } = setup();
  const msg = store.newRecord('SMSMagic__c', { SMSText__c: 'x' });
  store.dml('insert', [msg], dmlOptions());
  const stored = store.getRecord(msg.id!)!;
  const copy = stored.clone(false, false);
  assert.equal(copy.id, null);
  assert.equal(copy.get('SMSText__c'), 'x');
  assert.equal(copy.isSet('CreatedDate'), false);
  assert.equal(copy.isSet('Name'), false, 'auto-number not preserved');
  assert.equal(stored.clone(true, false).id, msg.id);
});
