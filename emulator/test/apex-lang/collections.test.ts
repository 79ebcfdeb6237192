import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './helpers.js';

test('List: add/get/set/remove/indexOf/contains/clone/sort and index errors', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<String> xs = new List<String>{ 'b', 'a' }; xs.add('C'); xs.add(0, 'z');
      System.debug(xs); System.debug(xs.size() + ' ' + xs.indexOf('a') + ' ' + xs.contains('c'));
      xs.sort(); System.debug(xs);
      List<String> copy = xs.clone(); copy.set(0, 'q'); System.debug(xs[0] + copy[0]);
      System.debug(xs.remove(1)); System.debug(xs.isEmpty());
      try { xs.get(-1); } catch (ListException e) { System.debug(e.getMessage()); }
      try { xs[5] = 'x'; } catch (ListException e) { System.debug(e.getMessage()); }
      Integer[] arr = new Integer[3]; System.debug(arr); arr[1] = 7; System.debug(arr);
      List<Integer> empty = new List<Integer>(); System.debug(empty.size());`),
    [
      '(z, b, a, C)',
      '4 2 true',
      '(C, a, b, z)',
      'Cq',
      'a',
      'false',
      'List index out of bounds: -1',
      'List index out of bounds: 5',
      '(null, null, null)',
      '(null, 7, null)',
      '0'
    ]
  );
});

test('Set and Map keys: String keys are case-sensitive; Map.get of a missing key is null', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Set<String> s = new Set<String>{ 'a', 'A', 'a' }; System.debug(s.size()); System.debug(s.contains('A'));
      Map<String, Integer> m = new Map<String, Integer>(); m.put('Key', 1); System.debug(m.get('key')); System.debug(m.containsKey('Key'));
      System.debug(m.put('Key', 2)); System.debug(m.values()); System.debug(m.keySet()); System.debug(m.remove('Key')); System.debug(m.isEmpty());
      Set<Integer> nums = new Set<Integer>{1, 2, 3}; nums.removeAll(new List<Integer>{1}); nums.retainAll(new Set<Integer>{2, 9});
      System.debug(nums); System.debug(nums.containsAll(new List<Integer>{2}));
      Set<Decimal> ds = new Set<Decimal>{ 1.0 }; System.debug(ds.contains(1.0));`),
    ['2', 'true', 'null', 'true', '1', '(2)', '{Key}', '2', 'true', '{2}', 'true', 'true']
  );
});

test('Map<Id, SObject> from a list, putAll, and Id keys compare on 18 characters', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<Account> accs = new List<Account>{ new Account(Name = 'A'), new Account(Name = 'B') }; insert accs;
      Map<Id, Account> byId = new Map<Id, Account>(accs); System.debug(byId.size());
      String id15 = String.valueOf(accs[0].Id).substring(0, 15);
      System.debug(byId.get(id15).Name); System.debug(byId.containsKey(accs[1].Id));
      Map<Id, Account> other = new Map<Id, Account>(); other.putAll(accs); System.debug(other.keySet().size());`),
    ['2', 'A', 'true', '2']
  );
});

test('for-each over Set and List copies iteration; iterator() works', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Set<String> s = new Set<String>{ 'x', 'y' }; String out = ''; for (String v : s) out += v; System.debug(out);
      Iterator<Integer> it = new List<Integer>{ 4, 5 }.iterator(); Integer sum = 0; while (it.hasNext()) sum += it.next(); System.debug(sum);`),
    ['xy', '9']
  );
});

test('List.sort uses Comparable.compareTo for user classes', () => {
  const h = harness();
  h.load({
    Item: `public class Item implements Comparable {
      public Integer rank;
      public Item(Integer r) { rank = r; }
      public Integer compareTo(Object other) { return rank - ((Item) other).rank; }
    }`
  });
  assert.deepEqual(
    h.run(`List<Item> items = new List<Item>{ new Item(3), new Item(1), new Item(2) }; items.sort();
      String s = ''; for (Item i : items) s += i.rank; System.debug(s);`),
    ['123']
  );
});

test('collection equality and String.valueOf of nested collections', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`System.debug(new List<Integer>{1, 2} == new List<Integer>{1, 2});
      System.debug(new Map<String, List<Integer>>{ 'a' => new List<Integer>{ 1 } });
      System.debug(new Set<String>{ 'A' } == new Set<String>{ 'a' });`),
    ['true', '{a=(1)}', 'false']
  );
});

test('List.deepClone copies the records; clone shares them', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<Account> accs = new List<Account>{ new Account(Name = 'A') };
      List<Account> shallow = accs.clone(); List<Account> deep = accs.deepClone();
      shallow[0].Name = 'S'; System.debug(accs[0].Name); deep[0].Name = 'D'; System.debug(accs[0].Name + ' ' + deep[0].Name);`),
    ['S', 'S D']
  );
});

test('List.sort(Comparator) orders with the comparator', () => {
  const h = harness();
  h.load({
    ByLength: `public class ByLength implements Comparator<String> {
      public Integer compare(String a, String b) { return a.length() - b.length(); }
    }`
  });
  assert.deepEqual(
    h.run(
      `List<String> words = new List<String>{ 'ccc', 'a', 'bb' }; words.sort(new ByLength()); System.debug(words);`
    ),
    ['(a, bb, ccc)']
  );
});

test('List.sort of SObjects: Name first, then standard fields alphabetically, empty values first', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<Account> accs = new List<Account>{
        new Account(Name = 'sForce', Phone = 'A'), new Account(Name = 'sForce', Industry = 'Retail'),
        new Account(Name = 'Acme'), new Account(Name = 'sForce', Industry = 'Banking') };
      accs.sort(); String out = ''; for (Account a : accs) out += a.Name + '/' + a.Industry + '/' + a.Phone + ' '; System.debug(out.trim());`),
    ['Acme/null/null sForce/null/A sForce/Banking/null sForce/Retail/null']
  );
});
