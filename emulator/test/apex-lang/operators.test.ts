import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './helpers.js';

test('Integer arithmetic wraps at 32 bits and division truncates toward zero', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Integer max = 2147483647; System.debug(max + 1); System.debug(max * 2);
      System.debug(-7 / 2); System.debug(7 / -2); Integer m = -2147483648; System.debug(m - 1);`),
    ['-2147483648', '-2', '-3', '-3', '2147483647']
  );
});

test('Long is 64-bit; Integer promotes to Long, Long to Decimal, Double', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Long big = 9223372036854775807L; System.debug(big + 1);
      Integer i = 2147483647; Long l = i; System.debug(l + 1);
      Decimal d = 1; System.debug(d / 4); System.debug(1.50 + 2); System.debug(1.5 * 2.00);
      Double x = 1; System.debug(x / 4);
      Object o = 3L; System.debug(o instanceof Long); System.debug(o instanceof Integer);
      Object p = 3.5; System.debug(p instanceof Decimal);`),
    ['-9223372036854775808', '2147483648', '0.25', '3.50', '3.000', '0.25', 'true', 'false', 'true']
  );
});

test('division by zero throws MathException for every numeric type', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`for (Object z : new List<Object>{ 0, 0L, 0.0 }) {
        try { Object r = z instanceof Integer ? (Object) (1 / (Integer) z) : z instanceof Long ? (Object) (1L / (Long) z) : (Object) (1.0 / (Decimal) z); System.debug('no'); }
        catch (MathException e) { System.debug(e.getMessage()); } }`),
    ['Divide by 0', 'Divide by 0', 'Divide by 0']
  );
});

test('string concatenation with any type, null, and case-insensitive ==', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`String s; System.debug(s + 'a'); System.debug('n=' + 1 + 2); System.debug(1 + 2 + 'n');
      System.debug('x' + true + 2.50 + 3L);
      System.debug('Hello' == 'hELLO'); System.debug('Hello' != 'hello'); System.debug('a' === 'a');
      System.debug('Apple' < 'banana');`),
    ['nulla', 'n=12', '3n', 'xtrue2.503', 'true', 'false', 'true', 'true']
  );
});

test('bitwise operators and shifts, including >>> and Long shifts', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`System.debug(5 & 3); System.debug(5 | 3); System.debug(5 ^ 3); System.debug(~5);
      System.debug(-1 >>> 28); System.debug(-16 >> 2); System.debug(1 << 31);
      System.debug(-1L >>> 60); System.debug(1L << 40); System.debug(true ^ false);`),
    ['1', '7', '6', '-6', '15', '-4', '-2147483648', '15', '1099511627776', 'true']
  );
});

test('compound assignment, ++/-- pre and post, ternary, ?? and ?.', () => {
  const h = harness();
  h.load({
    Node: `public class Node { public Node next; public String name; public Node(String n) { name = n; } }`
  });
  assert.deepEqual(
    h.run(`Integer i = 5; i += 3; i -= 1; i *= 2; i /= 3; System.debug(i);
      Integer j = i++; Integer k = ++i; System.debug(j + ' ' + k + ' ' + i);
      Long l = 1; l += 1; System.debug(l instanceof Long);
      Node n = new Node('a'); System.debug(n.next?.name); System.debug(n.next?.name ?? 'none');
      System.debug(n.next == null ? 'leaf' : 'inner');
      String s = 'x'; s += 1; System.debug(s);
      Integer b = 6; b &= 3; b |= 8; b <<= 1; System.debug(b);`),
    ['4', '4 6 6', 'true', 'null', 'none', 'leaf', 'x1', '20']
  );
});

test('null handling: NPE on method call, field access and unboxing; instanceof null is false', () => {
  const h = harness();
  h.load({ Holder: `public class Holder { public Integer v; public String s() { return 'x'; } }` });
  assert.deepEqual(
    h.run(`Holder hold; try { hold.s(); } catch (NullPointerException e) { System.debug('call'); }
      try { Integer x = hold.v; } catch (NullPointerException e) { System.debug('field'); }
      Integer n; try { Integer y = n + 1; } catch (NullPointerException e) { System.debug('unbox'); }
      Boolean flag; try { if (flag) {} } catch (NullPointerException e) { System.debug('condition'); }
      System.debug(null instanceof String); System.debug(n == null);
      try { hold.v = 1; } catch (NullPointerException e) { System.debug(e.getMessage()); }`),
    [
      'call',
      'field',
      'unbox',
      'condition',
      'false',
      'true',
      'Attempt to de-reference a null object'
    ]
  );
});

test('Id equality across 15 and 18 characters; Id variables normalise to 18', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Id a = '001000000000001'; System.debug(a); Id b = '001000000000001AAA';
      System.debug(a == b); Set<Id> ids = new Set<Id>{ a }; System.debug(ids.contains(b));
      try { Id bad = 'nope'; } catch (StringException e) { System.debug(e.getMessage()); }`),
    ['001000000000001AAA', 'true', 'true', 'Invalid id: nope']
  );
});

test('loops: classic for, while, do-while, break, continue, nested', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Integer total = 0;
      for (Integer i = 0; i < 10; i++) { if (i == 2) continue; if (i == 6) break; total += i; }
      System.debug(total);
      Integer n = 0; do { n++; } while (n < 3); System.debug(n);
      Integer w = 10; while (w > 0) { w -= 4; } System.debug(w);
      String out = ''; for (Integer a = 0; a < 2; a++) { for (Integer b = 0; b < 3; b++) { if (b == 1) break; out += a + '' + b; } } System.debug(out);`),
    ['13', '3', '-2', '0010']
  );
});

test('switch on Integer, String, SObject type with binding, and when else', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`for (Object v : new List<Object>{ 1, 5, 'b', 'B' }) {
        if (v instanceof Integer) { switch on (Integer) v { when 1 { System.debug('one'); } when else { System.debug('other'); } } }
        else { switch on (String) v { when 'b' { System.debug('lower b'); } when else { System.debug('not b'); } } }
      }
      SObject rec = new Contact(LastName = 'Z');
      switch on rec { when Account acc { System.debug('account'); } when Contact c { System.debug('contact ' + c.LastName); } }`),
    ['one', 'other', 'lower b', 'not b', 'contact Z']
  );
});

test('assignment and return convert to the declared numeric type (Integer into Decimal/Long/Double)', () => {
  const h = harness();
  h.load({
    Conv: `public class Conv { public static Decimal asDecimal(Integer x) { return x; } }`
  });
  assert.deepEqual(
    h.run(`Decimal d; d = 5; System.debug(d / 2);
      Long l; l = 3; Object o = l; System.debug(o instanceof Long);
      Double x; x = 1; System.debug(x);
      System.debug(Conv.asDecimal(5) / 2);`),
    ['2.5', 'true', '1.0', '2.5']
  );
});
