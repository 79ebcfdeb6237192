import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexBlob, ApexDatetime } from '../../src/values.js';
import { enumValue } from '../../src/apex/lib/enums.js';
import { call, callStatic, fakeContext, fakeUser, list, nativeClass } from './helpers.js';

function throwsApex(fn: () => unknown, type: string, message?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexThrow, String(e));
    assert.equal(e.apexType, type);
    if (message !== undefined) assert.equal(e.apexMessage, message);
    return true;
  });
}

test('System.debug writes to the transaction debug sink with level and location', () => {
  const ctx = fakeContext();
  callStatic('System', 'debug', [42], ctx);
  callStatic(
    'System',
    'debug',
    [enumValue('LoggingLevel', 'WARN'), ApexDatetime.ofGmt(2024, 1, 31, 10)],
    ctx
  );
  assert.deepEqual(ctx.recorded.debug, [
    { level: 'DEBUG', message: '42', location: { file: 'Test.cls', line: 7 } },
    { level: 'WARN', message: '2024-01-31 10:00:00', location: { file: 'Test.cls', line: 7 } }
  ]);
});

test('assertions raise System.AssertException with the platform messages', () => {
  const ctx = fakeContext();
  throwsApex(
    () => callStatic('System', 'assertEquals', [1, 2], ctx),
    'System.AssertException',
    'Assertion Failed: Expected: 1, Actual: 2'
  );
  throwsApex(
    () => callStatic('System', 'assertEquals', [1, 2, 'count'], ctx),
    'System.AssertException',
    'Assertion Failed: count: Expected: 1, Actual: 2'
  );
  throwsApex(
    () => callStatic('System', 'assert', [false], ctx),
    'System.AssertException',
    'Assertion Failed'
  );
  throwsApex(
    () => callStatic('System', 'assert', [false, 'nope'], ctx),
    'System.AssertException',
    'Assertion Failed: nope'
  );
  throwsApex(
    () => callStatic('System', 'assertNotEquals', ['a', 'a'], ctx),
    'System.AssertException',
    'Assertion Failed: Same value: a'
  );
  throwsApex(
    () => callStatic('Assert', 'areEqual', ['x', null], ctx),
    'System.AssertException',
    'Assertion Failed: Expected: x, Actual: null'
  );
  throwsApex(
    () => callStatic('Assert', 'isTrue', [false, 'flag'], ctx),
    'System.AssertException',
    'Assertion Failed: flag: Expected: true, Actual: false'
  );
  throwsApex(
    () => callStatic('Assert', 'isNull', [3], ctx),
    'System.AssertException',
    'Assertion Failed: Expected: null, Actual: 3'
  );
  throwsApex(
    () => callStatic('Assert', 'fail', ['boom'], ctx),
    'System.AssertException',
    'Assertion Failed: boom'
  );
  assert.equal(callStatic('Assert', 'areEqual', [1, 1], ctx), undefined);
  assert.equal(callStatic('Assert', 'isNotNull', ['a'], ctx), undefined);
});

test('Limits read the transaction governor limits', () => {
  const ctx = fakeContext();
  ctx.tx.limits.consume('queries', 3);
  assert.equal(callStatic('Limits', 'getQueries', [], ctx), 3);
  assert.equal(callStatic('Limits', 'getLimitQueries', [], ctx), 100);
  assert.equal(callStatic('Limits', 'getDmlStatements', [], ctx), 0);
  assert.equal(callStatic('Limits', 'getLimitDmlRows', [], ctx), 10000);
});

test('UserInfo, TimeZone and FeatureManagement read the running user', () => {
  const ctx = fakeContext({
    user: fakeUser({
      timeZoneSidKey: 'Europe/Paris',
      customPermissions: ['AllowToTakeActionOnConversation']
    })
  });
  assert.equal(callStatic('UserInfo', 'getUserId', [], ctx), '005000000000001AAA');
  assert.equal(callStatic('UserInfo', 'getLocale', [], ctx), 'en_US');
  const tz = callStatic('UserInfo', 'getTimeZone', [], ctx);
  assert.equal(call('TimeZone', tz, 'getID'), 'Europe/Paris');
  assert.equal(call('TimeZone', tz, 'getDisplayName'), 'Central European Standard Time');
  assert.equal(call('TimeZone', tz, 'getOffset', [ApexDatetime.ofGmt(2024, 7, 1)]), 7_200_000);
  assert.equal(
    callStatic('FeatureManagement', 'checkPermission', ['allowToTakeActionOnConversation'], ctx),
    true
  );
  assert.equal(callStatic('FeatureManagement', 'checkPermission', ['RunMigration'], ctx), false);
});

test('Test and System async hooks land on the transaction', () => {
  const ctx = fakeContext();
  assert.equal(callStatic('Test', 'isRunningTest', [], ctx), true);
  callStatic('Test', 'startTest', [], ctx);
  assert.equal(ctx.tx.inStartStopTest, true);
  callStatic('Test', 'stopTest', [], ctx);
  assert.deepEqual(ctx.recorded.startStop, ['start', 'stop']);
  const job = { className: 'MyQueueable' };
  assert.equal(callStatic('System', 'enqueueJob', [job], ctx), '707000000000002AAA');
  assert.deepEqual(ctx.recorded.queueables, [job]);
  callStatic('System', 'abortJob', ['707000000000002AAA'], ctx);
  assert.deepEqual(ctx.recorded.aborted, ['707000000000002AAA']);
  assert.equal(callStatic('System', 'isBatch', [], ctx), false);
  callStatic('Test', 'setFixedSearchResults', [list(['001000000000001AAA'])], ctx);
  assert.deepEqual(ctx.tx.fixedSearchResults, ['001000000000001AAA']);
  const outside = fakeContext({ isTest: false });
  throwsApex(() => callStatic('Test', 'startTest', [], outside), 'System.FinalException');
  assert.equal(callStatic('Test', 'isRunningTest', [], outside), false);
});

test('EventBus.publish returns SaveResults from the async queue', () => {
  const ctx = fakeContext();
  const event = { objectDef: { name: 'Incoming__e' } };
  const single = callStatic('EventBus', 'publish', [event], ctx);
  assert.equal(call('Database.SaveResult', single, 'isSuccess'), true);
  assert.equal(call('Database.SaveResult', single, 'getId'), 'e00000000000001AAA');
  const many = callStatic('EventBus', 'publish', [list([event, event])], ctx) as {
    items: unknown[];
  };
  assert.equal(many.items.length, 2);
  assert.equal(ctx.recorded.published.length, 2);
});

test('Id.valueOf validates and normalizes to 18 characters', () => {
  assert.equal(callStatic('Id', 'valueOf', ['001000000000001']), '001000000000001AAA');
  assert.equal(callStatic('Id', 'valueOf', ['001000000000001AAA']), '001000000000001AAA');
  throwsApex(
    () => callStatic('Id', 'valueOf', ['xyz']),
    'System.StringException',
    'Invalid id: xyz'
  );
  throwsApex(() => callStatic('Id', 'valueOf', ['001000000000001ZZZ']), 'System.StringException');
  assert.equal(call('Id', '001000000000001AAA', 'to15'), '001000000000001');
});

test('Blob, EncodingUtil and Crypto', () => {
  const blob = callStatic('Blob', 'valueOf', ['héllo']) as ApexBlob;
  assert.equal(call('Blob', blob, 'size'), 6);
  assert.equal(call('Blob', blob, 'toString'), 'héllo');
  assert.equal(callStatic('EncodingUtil', 'base64Encode', [blob]), 'aMOpbGxv');
  assert.equal(
    call('Blob', callStatic('EncodingUtil', 'base64Decode', ['aMOpbGxv']), 'toString'),
    'héllo'
  );
  assert.equal(
    callStatic('EncodingUtil', 'urlEncode', ["a b&c=d/é*~'", 'UTF-8']),
    'a+b%26c%3Dd%2F%C3%A9*%7E%27'
  );
  assert.equal(callStatic('EncodingUtil', 'urlDecode', ['a+b%26', 'UTF-8']), 'a b&');
  const digest = callStatic('Crypto', 'generateDigest', [
    'SHA-256',
    callStatic('Blob', 'valueOf', ['abc'])
  ]);
  assert.equal(
    callStatic('EncodingUtil', 'convertToHex', [digest]),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
  );
  const md5 = callStatic('Crypto', 'generateDigest', ['MD5', callStatic('Blob', 'valueOf', [''])]);
  assert.equal(
    callStatic('EncodingUtil', 'convertToHex', [md5]),
    'd41d8cd98f00b204e9800998ecf8427e'
  );
  assert.equal(typeof callStatic('Crypto', 'getRandomInteger', []), 'number');
  throwsApex(
    () => callStatic('Crypto', 'generateDigest', ['SHA-999', blob]),
    'System.InvalidParameterValueException'
  );
});

test('URL: the org domain and java.net.URL accessors', () => {
  const org = callStatic('Url', 'getOrgDomainUrl', []);
  assert.equal(call('Url', org, 'toExternalForm'), 'https://converse-emulator.my.salesforce.com');
  const ctx = fakeContext();
  const u = nativeClass('Url').construct!(['https://example.com:8443/a/b?x=1#frag'], ctx);
  assert.equal(call('Url', u, 'getProtocol'), 'https');
  assert.equal(call('Url', u, 'getHost'), 'example.com');
  assert.equal(call('Url', u, 'getPort'), 8443);
  assert.equal(call('Url', u, 'getPath'), '/a/b');
  assert.equal(call('Url', u, 'getQuery'), 'x=1');
  assert.equal(call('Url', u, 'getRef'), 'frag');
  assert.equal(call('Url', u, 'toExternalForm'), 'https://example.com:8443/a/b?x=1#frag');
  throwsApex(() => nativeClass('Url').construct!(['not a url'], ctx), 'System.StringException');
});

test('Test.setCreatedDate updates CreatedDate through the store', () => {
  const updates: unknown[][] = [];
  const ctx = fakeContext();
  (ctx.tx as { store: unknown }).store = {
    updateSystem: (...args: unknown[]) => updates.push(args)
  };
  const when = ApexDatetime.ofGmt(2020, 1, 1);
  callStatic('Test', 'setCreatedDate', ['a01000000000001AAA', when], ctx);
  assert.deepEqual(updates, [['a01000000000001AAA', { CreatedDate: when }]]);
  throwsApex(
    () =>
      callStatic(
        'Test',
        'setCreatedDate',
        ['a01000000000001AAA', when],
        fakeContext({ isTest: false })
      ),
    'System.FinalException'
  );
});
