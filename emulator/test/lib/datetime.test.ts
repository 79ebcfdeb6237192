import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexDate, ApexDatetime, ApexTime } from '../../src/values.js';
import { call, callStatic, fakeContext, fakeUser } from './helpers.js';

const la = () =>
  fakeContext({
    user: fakeUser({ timeZoneSidKey: 'America/Los_Angeles' }),
    now: ApexDatetime.ofGmt(2024, 3, 1, 5, 30, 0)
  });
const iso = (v: unknown) => (v as ApexDate).toIsoString();

function throwsApex(fn: () => unknown, type: string, message?: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === type &&
      (message === undefined || e.apexMessage === message)
  );
}

test('Date.today and Datetime.now read the transaction clock, today in the user zone', () => {
  // 2024-03-01 05:30 GMT is still 2024-02-29 in Los Angeles.
  assert.equal(iso(callStatic('Date', 'today', [], la())), '2024-02-29');
  assert.equal(
    (callStatic('Datetime', 'now', [], la()) as ApexDatetime).epochMs,
    Date.UTC(2024, 2, 1, 5, 30)
  );
});

test('Date construction, parsing and arithmetic', () => {
  assert.equal(
    iso(callStatic('Date', 'newInstance', [2024, 2, 30])),
    '2024-03-01',
    'lenient roll-over'
  );
  assert.equal(iso(callStatic('Date', 'valueOf', ['2024-01-31'])), '2024-01-31');
  assert.equal(iso(callStatic('Date', 'valueOf', ['2024-01-31 10:00:00'])), '2024-01-31');
  throwsApex(
    () => callStatic('Date', 'valueOf', ['31/01/2024']),
    'System.TypeException',
    'Invalid date: 31/01/2024'
  );
  assert.equal(iso(callStatic('Date', 'parse', ['12/27/2009'])), '2009-12-27');
  const jan31 = ApexDate.of(2024, 1, 31);
  assert.equal(
    iso(call('Date', jan31, 'addMonths', [1])),
    '2024-02-29',
    'clamped to the month end'
  );
  assert.equal(iso(call('Date', ApexDate.of(2024, 2, 29), 'addYears', [1])), '2025-02-28');
  assert.equal(call('Date', jan31, 'daysBetween', [ApexDate.of(2024, 3, 1)]), 30);
  assert.equal(
    call('Date', ApexDate.of(2024, 3, 1), 'monthsBetween', [ApexDate.of(2024, 3, 30)]),
    0
  );
  assert.equal(
    call('Date', ApexDate.of(2023, 11, 30), 'monthsBetween', [ApexDate.of(2024, 2, 1)]),
    3
  );
  assert.equal(
    iso(call('Date', ApexDate.of(2024, 1, 31), 'toStartOfWeek', [], la())),
    '2024-01-28',
    'Sunday in en_US'
  );
  assert.equal(iso(call('Date', jan31, 'toStartOfMonth')), '2024-01-01');
  assert.equal(call('Date', ApexDate.of(2024, 12, 31), 'dayOfYear'), 366);
  assert.equal(callStatic('Date', 'isLeapYear', [1900]), false);
  assert.equal(callStatic('Date', 'daysInMonth', [2024, 2]), 29);
  assert.equal(call('Date', jan31, 'format'), '1/31/2024');
});

test('Datetime local and GMT views', () => {
  const ctx = la();
  const v = ApexDatetime.ofGmt(2024, 1, 31, 10, 5, 9);
  assert.equal(call('Datetime', v, 'hour', [], ctx), 2);
  assert.equal(call('Datetime', v, 'hourGmt', [], ctx), 10);
  assert.equal(
    iso(call('Datetime', ApexDatetime.ofGmt(2024, 1, 31, 3), 'date', [], ctx)),
    '2024-01-30'
  );
  assert.equal(
    iso(call('Datetime', ApexDatetime.ofGmt(2024, 1, 31, 3), 'dateGmt', [], ctx)),
    '2024-01-31'
  );
  assert.equal(call('Datetime', v, 'getTime'), BigInt(Date.UTC(2024, 0, 31, 10, 5, 9)));
  assert.equal(String(call('Datetime', v, 'time', [], ctx)), '02:05:09.000Z');
  const local = callStatic('Datetime', 'newInstance', [2024, 7, 4, 12, 0, 0], ctx) as ApexDatetime;
  assert.equal(local.toIsoString(), '2024-07-04T19:00:00.000Z', 'PDT is GMT-7');
  const fromString = callStatic(
    'Datetime',
    'valueOf',
    ['2024-01-31 08:00:00'],
    ctx
  ) as ApexDatetime;
  assert.equal(fromString.toIsoString(), '2024-01-31T16:00:00.000Z');
  assert.equal(
    (callStatic('Datetime', 'valueOfGmt', ['2024-01-31 08:00:00']) as ApexDatetime).toIsoString(),
    '2024-01-31T08:00:00.000Z'
  );
  throwsApex(
    () => callStatic('Datetime', 'valueOf', ['2024-01-31T08:00:00Z'], ctx),
    'System.TypeException'
  );
  const gmt = callStatic('Datetime', 'newInstanceGmt', [
    ApexDate.of(2024, 1, 1),
    ApexTime.of(1, 2, 3, 4)
  ]) as ApexDatetime;
  assert.equal(gmt.toIsoString(), '2024-01-01T01:02:03.004Z');
});

test('Datetime.addDays keeps the local wall-clock time across DST', () => {
  const ctx = la();
  const before = callStatic('Datetime', 'newInstance', [2024, 3, 9, 12, 0, 0], ctx) as ApexDatetime;
  const after = call('Datetime', before, 'addDays', [1], ctx) as ApexDatetime;
  assert.equal(call('Datetime', after, 'hour', [], ctx), 12);
  assert.equal(after.epochMs - before.epochMs, 23 * 3_600_000);
  assert.equal(
    (call('Datetime', before, 'addHours', [24], ctx) as ApexDatetime).epochMs - before.epochMs,
    24 * 3_600_000
  );
});

test('format with SimpleDateFormat patterns', () => {
  const ctx = la();
  const v = ApexDatetime.ofGmt(2024, 1, 31, 14, 5, 9, 7);
  assert.equal(
    call('Datetime', v, 'formatGmt', ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"]),
    '2024-01-31T14:05:09.007Z'
  );
  assert.equal(
    call('Datetime', v, 'format', ['yyyy-MM-dd HH:mm:ss z'], ctx),
    '2024-01-31 06:05:09 PST'
  );
  assert.equal(
    call('Datetime', v, 'format', ['EEE, d MMM yyyy h:mm a', 'Europe/Paris'], ctx),
    'Wed, 31 Jan 2024 3:05 PM'
  );
  assert.equal(
    call('Datetime', v, 'format', ['EEEE MMMM dd yy', 'GMT'], ctx),
    'Wednesday January 31 24'
  );
  assert.equal(call('Datetime', v, 'format', ['Z XXX', 'America/New_York'], ctx), '-0500 -05:00');
  assert.equal(call('Datetime', v, 'format', ["h 'o''clock'"], ctx), "6 o'clock");
  assert.equal(call('Datetime', v, 'format', [], ctx), '1/31/2024, 6:05 AM');
  assert.equal(
    call('Datetime', ApexDatetime.ofGmt(2024, 12, 30, 12), 'formatGmt', ['YYYY-ww']),
    '2025-01'
  );
  assert.equal(
    call('Datetime', ApexDatetime.ofGmt(2024, 1, 7, 12), 'formatGmt', ['w D u']),
    '2 7 7'
  );
  throwsApex(() => call('Datetime', v, 'formatGmt', ['yyyy-qq']), 'System.StringException');
  const zones = [
    'Europe/Paris',
    'Asia/Kolkata',
    'Asia/Tokyo',
    'Australia/Sydney',
    'America/New_York',
    'America/Sao_Paulo'
  ];
  assert.deepEqual(
    zones.map((tz) => call('Datetime', v, 'format', ['z', tz], ctx)),
    ['CET', 'IST', 'JST', 'AEDT', 'EST', 'GMT-03:00'],
    "Java's short zone names, or GMT+hh:mm"
  );
});

test('Time', () => {
  const t = callStatic('Time', 'newInstance', [23, 30, 0, 0]) as ApexTime;
  assert.equal(String(call('Time', t, 'addHours', [2])), '01:30:00.000Z');
  assert.equal(String(call('Time', t, 'addMinutes', [-45])), '22:45:00.000Z');
  assert.equal(call('Time', t, 'minute'), 30);
});
