import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexUncaughtError, LimitExceededError } from '../../src/contracts.js';
import { limitErrorStack } from '../../src/apex/index.js';
import { harness } from './helpers.js';

test('custom exceptions get the four generated constructors, cause and message', () => {
  const h = harness();
  h.load({ AppException: `public class AppException extends Exception {}` });
  assert.deepEqual(
    h.run(`AppException a = new AppException(); System.debug(a.getMessage());
      AppException b = new AppException('msg'); System.debug(b.getMessage());
      AppException c = new AppException(b); System.debug(c.getCause().getMessage());
      AppException d = new AppException('outer', b); System.debug(d.getMessage() + '/' + d.getCause().getMessage());
      d.setMessage('changed'); System.debug(d.getMessage()); System.debug(d.getTypeName());
      System.debug(d instanceof Exception);`),
    ['null', 'msg', 'msg', 'outer/msg', 'changed', 'AppException', 'true']
  );
});

test('catch order picks the first matching type; finally always runs; rethrow keeps the object', () => {
  const h = harness();
  h.load({ AppException: `public class AppException extends Exception {}` });
  assert.deepEqual(
    h.run(`try { try { throw new AppException('x'); } catch (DmlException e) { System.debug('dml'); } finally { System.debug('inner finally'); } }
      catch (AppException e) { System.debug('app ' + e.getMessage()); } catch (Exception e) { System.debug('generic'); }
      try { Integer i = 1 / 0; } catch (Exception e) { System.debug(e.getTypeName()); } finally { System.debug('done'); }`),
    ['inner finally', 'app x', 'System.MathException', 'done']
  );
});

test('an uncaught exception leaves as ApexUncaughtError with the Apex stack', () => {
  const h = harness();
  h.load({
    Thrower: `public class Thrower {
      public static void go() {
        helper();
      }
      static void helper() {
        Integer x = null;
        x++;
      }
    }`
  });
  assert.throws(
    () => h.run(`System.debug('start');\nThrower.go();`),
    (err: unknown) => {
      assert.ok(err instanceof ApexUncaughtError);
      assert.equal(err.apexType, 'System.NullPointerException');
      assert.deepEqual(
        err.stack_.map((f) => `${f.className}.${f.method}:${f.line}`),
        ['Thrower.helper:7', 'Thrower.go:3', 'AnonymousBlock.execute:2']
      );
      return true;
    }
  );
});

test('getStackTraceString and getLineNumber use the platform format', () => {
  const h = harness();
  h.load({
    Deep: `public class Deep {
      public static void fail() {
        throw new IllegalArgumentException('bad');
      }
    }`
  });
  assert.deepEqual(
    h.run(
      `try { Deep.fail(); } catch (Exception e) { System.debug(e.getLineNumber()); System.debug(e.getStackTraceString()); }`
    ),
    ['3', 'Class.Deep.fail: line 3, column 1\nAnonymousBlock: line 1, column 1']
  );
});

test('LimitException cannot be caught by Apex', () => {
  const h = harness();
  h.limits.consume('queries', 0);
  const limited = harness();
  (limited.limits as unknown as { max: Record<string, number> }).max.dmlStatements = 0;
  limited.load({});
  // The store consumes dmlStatements; a limit of 0 fails the first DML.
  assert.throws(
    () =>
      limited.run(
        `try { insert new Account(Name = 'x'); } catch (Exception e) { System.debug('caught'); }`
      ),
    (err: unknown) => err instanceof LimitExceededError
  );
  assert.equal(limited.tx.output.includes('caught'), false);
});

test('exceptions thrown in constructors and property accessors propagate with their type', () => {
  const h = harness();
  h.load({
    Strict: `public class Strict {
      public Integer v { get; set { if (value < 0) throw new IllegalArgumentException('negative'); v = value; } }
      public Strict(Integer x) { v = x; }
    }`
  });
  assert.deepEqual(
    h.run(`try { new Strict(-1); } catch (IllegalArgumentException e) { System.debug(e.getMessage()); }
      Strict s = new Strict(2); System.debug(s.v);`),
    ['negative', '2']
  );
});

test('assertion failures pass through every catch, finally still runs, and the run fails with the message', () => {
  const h = harness();
  h.load({
    Checker: `public class Checker {
      public static void check() {
        try {
          Assert.areEqual(1, 2, 'numbers differ');
        } catch (Exception e) {
          System.debug('caught ' + e.getTypeName());
        } finally {
          System.debug('finally ran');
        }
        System.debug('after try');
      }
    }`
  });
  for (const call of [
    `Checker.check();`,
    `try { System.assertEquals('a', 'b'); } catch (System.AssertException e) { System.debug('caught'); }`,
    `try { System.assert(false, 'flag'); } catch (Exception e) { System.debug('caught'); }`,
    `try { System.assertNotEquals(3, 3); } catch (Exception e) { System.debug('caught'); }`,
    `try { try { Assert.fail('boom'); } finally { System.debug('inner finally'); } } catch (Exception e) { System.debug('caught'); }`
  ]) {
    h.tx.output.length = 0;
    assert.throws(
      () => h.runtime.runAnonymous(call, h.tx),
      (err: unknown) => {
        assert.ok(err instanceof ApexUncaughtError, String(err));
        assert.equal(err.apexType, 'System.AssertException');
        assert.match(err.apexMessage, /^Assertion Failed/);
        return true;
      },
      call
    );
    assert.ok(!h.tx.output.some((l) => l.startsWith('caught')), `${call}: ${h.tx.output}`);
    assert.ok(!h.tx.output.includes('after try'), call);
  }
  h.tx.output.length = 0;
  assert.throws(() => h.runtime.runAnonymous(`Checker.check();`, h.tx), /numbers differ/);
  assert.deepEqual(h.tx.output, ['finally ran']);
  h.tx.output.length = 0;
  assert.throws(() =>
    h.runtime.runAnonymous(
      `try { try { Assert.fail('boom'); } finally { System.debug('inner finally'); } } catch (Exception e) { System.debug('caught'); }`,
      h.tx
    )
  );
  assert.deepEqual(h.tx.output, ['inner finally']);
  // Other exceptions are still caught as before.
  assert.deepEqual(
    h.run(`try { Integer i = 1 / 0; } catch (Exception e) { System.debug('caught'); }`),
    ['caught']
  );
});

test('a LimitExceededError carries the Apex stack where the limit was hit', () => {
  const h = harness();
  (h.limits as unknown as { max: Record<string, number> }).max.dmlStatements = 1;
  h.load({
    Writer: `public class Writer {
      public static void writeTwice() {
        insert new Account(Name = 'one');
        insert new Account(Name = 'two');
      }
    }`
  });
  assert.throws(
    () => h.run(`System.debug('start');\nWriter.writeTwice();`),
    (err: unknown) => {
      assert.ok(err instanceof LimitExceededError);
      assert.deepEqual(
        limitErrorStack(err).map((f) => `${f.className}.${f.method}:${f.line}`),
        ['Writer.writeTwice:4', 'AnonymousBlock.execute:2']
      );
      assert.equal(limitErrorStack(err)[0].file, 'classes/Writer.cls');
      return true;
    }
  );
  assert.deepEqual(limitErrorStack(new LimitExceededError('queries', 'outside Apex')), []);
});
