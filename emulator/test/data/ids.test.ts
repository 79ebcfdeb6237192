import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idChecksum, isValidId, makeId, sameId, to18 } from '../../src/data/ids.js';

test('the 18-character suffix encodes the upper-case positions of each 5-character chunk', () => {
  // Documented example: 001A0000006Vm9r → 001A0000006Vm9rIAC
  assert.equal(idChecksum('001A0000006Vm9r'), 'IAC');
  assert.equal(to18('001A0000006Vm9r'), '001A0000006Vm9rIAC');
  assert.equal(idChecksum('003000000000000'), 'AAA');
  assert.equal(idChecksum('ABCDEABCDEABCDE'), '555');
});

test('ids validate and compare on their first 15 characters', () => {
  assert.equal(isValidId('001A0000006Vm9rIAC'), true);
  assert.equal(isValidId('001A0000006Vm9rIAD'), false);
  assert.equal(isValidId('not an id'), false);
  assert.equal(to18('xyz'), null);
  assert.ok(sameId('001A0000006Vm9r', '001A0000006Vm9rIAC'));
  assert.ok(!sameId('001A0000006Vm9r', '001a0000006Vm9r'));
});

test('generated ids carry the prefix, 18 characters and a valid checksum, in increasing order', () => {
  const a = makeId('a01', 61);
  const b = makeId('a01', 62);
  assert.equal(a.length, 18);
  assert.ok(a.startsWith('a01'));
  assert.ok(isValidId(a) && isValidId(b));
  assert.ok(a.slice(0, 15) < b.slice(0, 15));
});
