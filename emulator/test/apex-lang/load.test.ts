import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedError } from '../../src/contracts.js';
import { harness, TestSystem } from './helpers.js';

test('parse errors come back as diagnostics with file and line; other files still load', () => {
  const h = harness([TestSystem]);
  const diagnostics = h.runtime.load([
    {
      path: 'classes/Bad.cls',
      source: 'public class Bad {\n  void f() {\n    Integer x = ;\n  }\n}'
    },
    {
      path: 'classes/Good.cls',
      source: 'public class Good { public static Integer one() { return 1; } }'
    }
  ]);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].file, 'classes/Bad.cls');
  assert.equal(diagnostics[0].line, 3);
  assert.deepEqual(h.run('System.debug(Good.one());'), ['1']);
});

test('an unknown variable or method is a load diagnostic, and the class is not loaded', () => {
  const h = harness([TestSystem]);
  const diagnostics = h.runtime.load([
    {
      path: 'classes/Typo.cls',
      source: 'public class Typo {\n  public static Integer f() {\n    return missing();\n  }\n}'
    }
  ]);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0].message, /Method does not exist/);
  assert.equal(diagnostics[0].line, 3);
  assert.equal(h.runtime.interp.classByName('Typo'), undefined);
});

test('unsupported constructs fail loudly with the place', () => {
  const h = harness([TestSystem]);
  h.load({
    Uses: `public class Uses { public static void go() { Object o = Schema.SObjectType.Account; } }`
  });
  assert.throws(
    () => h.run('Uses.go();'),
    (err: unknown) => err instanceof UnsupportedError && /at classes\/Uses\.cls:1/.test(err.message)
  );
});

test('testClasses lists @IsTest classes with test and setup methods; coverage counts executed lines', () => {
  const h = harness([TestSystem]);
  h.load({
    Math2: `public class Math2 {
  public static Integer twice(Integer x) {
    if (x > 100) {
      return 0;
    }
    return x * 2;
  }
}`,
    Math2Test: `@IsTest(SeeAllData=false)
private class Math2Test {
  @TestSetup static void setup() {}
  @IsTest static void it_doubles() { System.assertEquals(4, Math2.twice(2)); }
  static testMethod void legacyStyle() {}
  static void helper() {}
}`
  });
  const info = h.runtime.testClasses();
  assert.equal(info.length, 1);
  assert.equal(info[0].className, 'Math2Test');
  assert.deepEqual([...info[0].testMethods].sort(), ['it_doubles', 'legacyStyle']);
  assert.deepEqual(info[0].setupMethods, ['setup']);
  assert.equal(info[0].seeAllData, false);
  h.runtime.invokeStatic('Math2Test', 'it_doubles', [], h.tx);
  const cov = h.runtime.coverage().get('classes/Math2.cls')!;
  assert.deepEqual([...cov.executable].sort(), [3, 4, 6]);
  assert.deepEqual([...cov.covered].sort(), [3, 6]);
  h.runtime.resetCoverage();
  assert.equal(h.runtime.coverage().get('classes/Math2.cls')!.covered.size, 0);
});

test('invokeStatic and callMethod from the host; cloneObject copies the graph but not transient fields', () => {
  const h = harness([TestSystem]);
  h.load({
    Holder: `public class Holder {
      public List<Integer> items = new List<Integer>();
      public transient String cache = 'c';
      public static Holder make() { return new Holder(); }
      public Integer add(Integer v) { items.add(v); return items.size(); }
    }`
  });
  const obj = h.runtime.invokeStatic('Holder', 'make', [], h.tx) as never;
  assert.equal(h.runtime.callMethod(obj, 'add', [5], h.tx), 1);
  const copy = h.runtime.cloneObject(obj);
  assert.equal(h.runtime.callMethod(copy, 'add', [6], h.tx), 2);
  assert.equal(h.runtime.callMethod(obj, 'add', [7], h.tx), 2);
  assert.equal(h.runtime.interp.getObjectField(copy, 'cache'), null);
  assert.equal(h.runtime.interp.getObjectField(obj, 'cache'), 'c');
});

test('private members are visible inside their top-level class only; @TestVisible opens them to tests', () => {
  const h = harness([TestSystem]);
  h.load({
    Vault: `public class Vault {
      private static Integer secret = 42;
      @TestVisible private static Integer peek() { return secret; }
      private static Integer hidden() { return secret; }
      public class Inner { public Integer read() { return hidden(); } }
    }`,
    VaultTest: `@IsTest private class VaultTest { @IsTest static void reads() { System.assertEquals(42, Vault.peek()); } }`
  });
  assert.equal(h.runtime.invokeStatic('VaultTest', 'reads', [], h.tx), null);
  assert.deepEqual(h.run('System.debug(new Vault.Inner().read());'), ['42']);
  const diagnostics = h.runtime.load([
    {
      path: 'classes/Thief.cls',
      source:
        'public class Thief {\n  public static Integer steal() {\n    return Vault.hidden();\n  }\n}'
    },
    {
      path: 'classes/Spy.cls',
      source:
        'public class Spy {\n  public static Integer look() {\n    return Vault.secret;\n  }\n}'
    },
    {
      path: 'classes/NotATest.cls',
      source:
        'public class NotATest {\n  public static Integer look() {\n    return Vault.peek();\n  }\n}'
    }
  ]);
  assert.deepEqual(
    diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`),
    [
      'classes/Thief.cls:3 Method is not visible: Vault.hidden',
      'classes/Spy.cls:3 Variable is not visible: Vault.secret',
      'classes/NotATest.cls:3 Method is not visible: Vault.peek'
    ]
  );
});

test('instance members used from a static context are load errors, as the compiler reports them', () => {
  const h = harness([TestSystem]);
  const diagnostics = h.runtime.load([
    {
      path: 'classes/A.cls',
      source:
        'public class A {\n  Integer count;\n  public static Integer f() {\n    return count;\n  }\n}'
    },
    {
      path: 'classes/B.cls',
      source:
        'public class B {\n  Integer g() { return 1; }\n  public static Integer f() {\n    return g();\n  }\n}'
    }
  ]);
  assert.deepEqual(
    diagnostics.map((d) => `${d.file}:${d.line}`),
    ['classes/A.cls:4', 'classes/B.cls:4']
  );
  assert.match(
    diagnostics[1].message,
    /Non static method cannot be referenced from a static context/
  );
});
