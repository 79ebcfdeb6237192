import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexList, ApexMap, ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexDate, ApexDatetime, ApexDouble, Decimal } from '../../src/values.js';
import { parseDecimal, decimalToString } from '../../src/apex/lib/decimal-scale.js';
import type { NativeRuntimeServices } from '../../src/apex/runtime-types.js';
import {
  call,
  callStatic,
  contextWithStore,
  fakeSchema,
  fakeStore,
  field,
  objectDef,
  FakeRecord,
  list
} from './helpers.js';

const account = objectDef('Account', '001', [
  field('Name', 'Text', { length: 255 }),
  field('AnnualRevenue', 'Currency', { precision: 18, scale: 2 }),
  field('CreatedDate', 'DateTime', { system: true, createable: false, updateable: false })
]);
const schema = fakeSchema([account]);

/** A fake runtime with one Apex class `Report` { String name; Integer total; List<String> lines; }. */
function runtimeWithClass(): Partial<NativeRuntimeServices> {
  const fields = new Map<object, Map<string, unknown>>();
  return {
    classExists: (n) => n.toLowerCase() === 'report',
    newObject: (className) => {
      const o = { className };
      fields.set(o, new Map());
      return o;
    },
    objectFields: () => [
      { name: 'name', type: { name: 'String' } },
      { name: 'total', type: { name: 'Integer' } },
      { name: 'lines', type: { name: 'List', args: [{ name: 'String' }] } }
    ],
    getObjectField: (o, f) => fields.get(o)?.get(f) ?? null,
    setObjectField: (o, f, v) => void fields.get(o)?.set(f, v),
    hashKey: (v) => v
  };
}

const ctx = () => contextWithStore(fakeStore(schema), { runtime: runtimeWithClass() });

function stringMap(entries: [string, unknown][]): ApexMap {
  const m = new ApexMap({ name: 'String' }, { name: 'Object' });
  for (const [k, v] of entries) m.entries.set(k, { key: k, value: v });
  return m;
}

test('serialize primitives in the platform shape', () => {
  const c = ctx();
  const value = stringMap([
    ['s', 'a"b\n'],
    ['i', 1],
    ['l', 12345678901234n],
    ['d', parseDecimal('1.50')],
    ['x', new ApexDouble(1)],
    ['date', ApexDate.of(2024, 1, 31)],
    ['dt', ApexDatetime.ofGmt(2024, 1, 31, 10)],
    ['n', null],
    ['list', list([true, false])]
  ]);
  assert.equal(
    callStatic('JSON', 'serialize', [value], c),
    '{"s":"a\\"b\\n","i":1,"l":12345678901234,"d":1.50,"x":1.0,"date":"2024-01-31","dt":"2024-01-31T10:00:00.000Z","n":null,"list":[true,false]}'
  );
});

test('serializePretty uses the Jackson pretty printer', () => {
  const c = ctx();
  const value = stringMap([
    ['a', 1],
    ['l', list([1, 2])],
    ['o', list([stringMap([['k', 'v']])])],
    ['e', list([])],
    ['m', stringMap([])]
  ]);
  assert.equal(
    callStatic('JSON', 'serializePretty', [value], c),
    '{\n  "a" : 1,\n  "l" : [ 1, 2 ],\n  "o" : [ {\n    "k" : "v"\n  } ],\n  "e" : [ ],\n  "m" : { }\n}'
  );
});

test('SObjects serialize with attributes and url', () => {
  const c = ctx();
  const r = new FakeRecord(account);
  r.put('Id', '001000000000001AAA');
  r.put('Name', 'Acme');
  assert.equal(
    callStatic('JSON', 'serialize', [r], c),
    '{"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/001000000000001AAA"},"Id":"001000000000001AAA","Name":"Acme"}'
  );
});

test('Apex objects serialize their fields, suppressApexObjectNulls drops nulls', () => {
  const c = ctx();
  const report = c.runtime.newObject('Report');
  c.runtime.setObjectField(report, 'name', 'dry run');
  c.runtime.setObjectField(report, 'total', 3);
  assert.equal(
    callStatic('JSON', 'serialize', [report], c),
    '{"name":"dry run","total":3,"lines":null}'
  );
  assert.equal(callStatic('JSON', 'serialize', [report, true], c), '{"name":"dry run","total":3}');
});

test('deserializeUntyped types numbers as the platform does', () => {
  const c = ctx();
  const m = callStatic(
    'JSON',
    'deserializeUntyped',
    ['{"a":1,"b":3000000000,"c":1.50,"d":[true,null,"x"],"e":{"f":1e2}}'],
    c
  ) as ApexMap;
  const get = (map: ApexMap, k: string) => map.entries.get(k)?.value;
  assert.equal(get(m, 'a'), 1);
  assert.equal(get(m, 'b'), 3000000000n);
  assert.equal(decimalToString(get(m, 'c') as Decimal), '1.50');
  assert.deepEqual((get(m, 'd') as ApexList).items, [true, null, 'x']);
  assert.equal(decimalToString(get(get(m, 'e') as ApexMap, 'f') as Decimal), '1E+2');
  assert.throws(
    () => callStatic('JSON', 'deserializeUntyped', ['{"a":}'], c),
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === 'System.JSONException' &&
      /line:1, column:6/.test(e.apexMessage)
  );
});

test('deserialize into typed collections, classes and SObjects', () => {
  const c = ctx();
  const ints = callStatic(
    'JSON',
    'deserialize',
    ['[1,2,3]', { name: 'List', args: [{ name: 'Integer' }] }],
    c
  ) as ApexList;
  assert.deepEqual(ints.items, [1, 2, 3]);
  const dates = callStatic(
    'JSON',
    'deserialize',
    ['{"x":"2024-02-29"}', { name: 'Map', args: [{ name: 'String' }, { name: 'Date' }] }],
    c
  ) as ApexMap;
  assert.equal(String(dates.entries.get('x')?.value), '2024-02-29');
  assert.throws(
    () =>
      callStatic(
        'JSON',
        'deserialize',
        ['["a"]', { name: 'List', args: [{ name: 'Integer' }] }],
        c
      ),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.JSONException'
  );
  const report = callStatic(
    'JSON',
    'deserialize',
    ['{"NAME":"x","total":2,"lines":["a"],"extra":1}', { name: 'Report' }],
    c
  ) as { className: string };
  assert.equal(
    c.runtime.getObjectField(report, 'name'),
    'x',
    'field names match case-insensitively'
  );
  assert.deepEqual((c.runtime.getObjectField(report, 'lines') as ApexList).items, ['a']);
  assert.throws(
    () =>
      callStatic('JSON', 'deserializeStrict', ['{"name":"x","extra":1}', { name: 'Report' }], c),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.JSONException'
  );
  const acc = callStatic(
    'JSON',
    'deserialize',
    [
      '{"attributes":{"type":"Account"},"Name":"Acme","AnnualRevenue":10.50,"CreatedDate":"2024-01-31T10:00:00.000Z"}',
      { name: 'Account' }
    ],
    c
  ) as FakeRecord;
  assert.equal(acc.get('Name'), 'Acme');
  assert.equal(decimalToString(acc.get('AnnualRevenue') as Decimal), '10.50');
  assert.equal((acc.get('CreatedDate') as ApexDatetime).toIsoString(), '2024-01-31T10:00:00.000Z');
  assert.throws(
    () => callStatic('JSON', 'deserialize', ['{"Nope":1}', { name: 'Account' }], c),
    (e: unknown) =>
      e instanceof ApexThrow && e.apexMessage === "No such column 'Nope' on sobject of type Account"
  );
});

test('JSONGenerator builds the same text as serialize', () => {
  const c = ctx();
  const g = callStatic('JSON', 'createGenerator', [true], c);
  call('JSONGenerator', g, 'writeStartObject', [], c);
  call('JSONGenerator', g, 'writeStringField', ['name', 'x'], c);
  call('JSONGenerator', g, 'writeFieldName', ['items'], c);
  call('JSONGenerator', g, 'writeStartArray', [], c);
  call('JSONGenerator', g, 'writeNumber', [1], c);
  call('JSONGenerator', g, 'writeNumber', [parseDecimal('2.50')], c);
  call('JSONGenerator', g, 'writeEndArray', [], c);
  call('JSONGenerator', g, 'writeDateField', ['when', ApexDate.of(2024, 1, 1)], c);
  call('JSONGenerator', g, 'writeEndObject', [], c);
  assert.equal(
    call('JSONGenerator', g, 'getAsString', [], c),
    '{\n  "name" : "x",\n  "items" : [ 1, 2.50 ],\n  "when" : "2024-01-01"\n}'
  );
  const bad = callStatic('JSON', 'createGenerator', [false], c);
  call('JSONGenerator', bad, 'writeStartObject', [], c);
  assert.throws(
    () => call('JSONGenerator', bad, 'writeEndArray', [], c),
    (e: unknown) => e instanceof ApexThrow
  );
});

test('JSONParser walks the token stream as Jackson does', () => {
  const c = ctx();
  const p = callStatic(
    'JSON',
    'createParser',
    ['{"a":1,"b":[true,"x"],"c":{"d":2.50},"e":null}'],
    c
  );
  const tokens: string[] = [];
  let t: unknown;
  while ((t = call('JSONParser', p, 'nextToken', [], c)) !== null) {
    tokens.push(
      `${String(t)}:${String(call('JSONParser', p, 'getCurrentName', [], c))}:${String(call('JSONParser', p, 'getText', [], c))}`
    );
  }
  assert.deepEqual(tokens, [
    'START_OBJECT:null:{',
    'FIELD_NAME:a:a',
    'VALUE_NUMBER_INT:a:1',
    'FIELD_NAME:b:b',
    'START_ARRAY:b:[',
    'VALUE_TRUE:null:true',
    'VALUE_STRING:null:x',
    'END_ARRAY:b:]',
    'FIELD_NAME:c:c',
    'START_OBJECT:c:{',
    'FIELD_NAME:d:d',
    'VALUE_NUMBER_FLOAT:d:2.50',
    'END_OBJECT:c:}',
    'FIELD_NAME:e:e',
    'VALUE_NULL:e:null',
    'END_OBJECT:null:}'
  ]);
  const q = callStatic(
    'JSON',
    'createParser',
    ['{"n":2.50,"report":{"name":"x","total":1},"after":7}'],
    c
  );
  call('JSONParser', q, 'nextToken', [], c);
  call('JSONParser', q, 'nextValue', [], c);
  assert.equal(decimalToString(call('JSONParser', q, 'getDecimalValue', [], c) as Decimal), '2.50');
  assert.equal(call('JSONParser', q, 'getIntegerValue', [], c), 2);
  call('JSONParser', q, 'nextValue', [], c);
  const report = call('JSONParser', q, 'readValueAs', [{ name: 'Report' }], c) as {
    className: string;
  };
  assert.equal(c.runtime.getObjectField(report, 'name'), 'x');
  call('JSONParser', q, 'nextValue', [], c);
  assert.equal(
    call('JSONParser', q, 'getCurrentName', [], c),
    'after',
    'readValueAs moved past the object'
  );
  assert.throws(
    () => call('JSONParser', q, 'getBooleanValue', [], c),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.JSONException'
  );
});
