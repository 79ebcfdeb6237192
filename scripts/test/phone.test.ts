import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneKey } from '../lib/phone.js';
import { conversationKey, previewOf, senderKey } from '../lib/keys.js';
import { normalizeStatus } from '../lib/status.js';

function key(typed: string, country = 'US'): string | null {
  const result = phoneKey(typed, country);
  return result.ok ? result.key : null;
}

test('SPEC §5 table: US national and international formats give 14155550123', () => {
  for (const typed of [
    '(415) 555-0123',
    '415.555.0123',
    '4155550123',
    '1-415-555-0123',
    '+1 415 555 0123'
  ]) {
    assert.equal(key(typed), '14155550123', typed);
  }
});

test('SPEC §5 table: UK numbers typed internationally give 447700900123', () => {
  for (const typed of ['+44 7700 900123', '0044 7700 900123', '+44 (0)7700 900123']) {
    assert.equal(key(typed), '447700900123', typed);
  }
});

test('SPEC §5 table: abc, empty and fewer than 7 digits are unparseable', () => {
  for (const typed of ['abc', '', '   ', '12345', '555-01']) {
    const result = phoneKey(typed, 'US');
    assert.equal(result.ok, false, `"${typed}" must not parse`);
    if (!result.ok) assert.match(result.reason, /^unparseable phone/);
  }
});

test('SPEC §5: with GB as default country a single leading 0 is the trunk prefix', () => {
  assert.equal(key('07700 900123', 'GB'), '447700900123');
  assert.equal(key('0044 7700 900123', 'GB'), '447700900123');
  assert.equal(key('+1 415 555 0123', 'GB'), '14155550123');
});

test('an unsupported default country fails loudly', () => {
  assert.throws(() => phoneKey('4155550123', 'XX'), /unsupported default country "XX"/);
});

test('sender keys: phone sender ids normalize, alphanumeric ones are trimmed and lower-cased', () => {
  assert.equal(senderKey('+1 415 555 0100'), '14155550100');
  assert.equal(senderKey('14155550100'), '14155550100');
  assert.equal(senderKey(' Converse '), 'converse');
  assert.equal(senderKey('ACMEALERTS'), 'acmealerts');
  assert.equal(
    conversationKey(senderKey('+1 415 555 0100'), '447700900123'),
    conversationKey(senderKey('14155550100'), '447700900123')
  );
});

test('status map of SPEC §5 is case-insensitive; empty and unknown codes are Unknown', () => {
  const cases: [string, string][] = [
    ['DELIVRD', 'Delivered'],
    ['delivered', 'Delivered'],
    ['UNDELIV', 'Undelivered'],
    ['Undelivered', 'Undelivered'],
    ['FAILED', 'Failed'],
    ['REJECTD', 'Failed'],
    ['EXPIRED', 'Failed'],
    ['SENT', 'Sent'],
    ['ENROUTE', 'Sent'],
    ['ACCEPTD', 'Sent'],
    ['queued', 'Queued'],
    ['QUEUED', 'Queued'],
    ['Pending', 'Queued'],
    ['', 'Unknown'],
    ['ERR_042', 'Unknown']
  ];
  for (const [raw, status] of cases) assert.equal(normalizeStatus(raw), status, raw);
  assert.equal(normalizeStatus(null), 'Unknown');
});

test('the preview is Apex abbreviate(255): 252 characters and an ellipsis', () => {
  assert.equal(previewOf('short'), 'short');
  assert.equal(previewOf('x'.repeat(255)), 'x'.repeat(255));
  assert.equal(previewOf('y'.repeat(1600)), 'y'.repeat(252) + '...');
  assert.equal(previewOf(null), '');
});

test('rules beyond the table follow the Apex normalizer: 011, NANP incomplete, letters', () => {
  assert.equal(key('011 44 7700 900123'), '447700900123');
  assert.equal(key('555-0123 99'), null, '9 NANP digits are not a complete number');
  assert.equal(key('415 555 0123 ext 5'), null, 'letters make it unparseable');
  assert.equal(key('7700900123', 'GB'), '447700900123');
  assert.equal(key('447700900123', 'GB'), '447700900123');
});
