import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './helpers.js';

test('inheritance: virtual, abstract, override, super calls, protected members', () => {
  const h = harness();
  h.load({
    Animal: `public abstract class Animal {
      protected String name;
      public Animal(String name) { this.name = name; }
      public abstract String sound();
      public virtual String speak() { return name + ' says ' + sound(); }
    }`,
    Dog: `public class Dog extends Animal {
      public Dog() { this('Rex'); }
      public Dog(String n) { super(n); }
      public override String sound() { return 'woof'; }
      public override String speak() { return super.speak() + '!'; }
    }`
  });
  assert.deepEqual(
    h.run(`Animal a = new Dog(); System.debug(a.speak()); System.debug(new Dog('Fido').speak());`),
    ['Rex says woof!', 'Fido says woof!']
  );
});

test('constructor order: superclass initializers, then subclass initializers, then bodies', () => {
  const h = harness();
  h.load({
    Base: `public virtual class Base {
      public static List<String> log = new List<String>();
      String a = note('base field');
      { note('base block'); }
      public Base() { note('base ctor'); }
      public static String note(String s) { log.add(s); return s; }
    }`,
    Sub: `public class Sub extends Base {
      String b = note('sub field');
      public Sub() { note('sub ctor'); }
    }`
  });
  assert.deepEqual(h.run(`new Sub(); System.debug(Base.log);`), [
    '(base field, base block, base ctor, sub field, sub ctor)'
  ]);
});

test('statics are per transaction and static initializers run once', () => {
  const h = harness();
  h.load({
    Counter: `public class Counter {
      public static Integer count = 0;
      static { count = 10; }
      public static Integer next() { return ++count; }
    }`
  });
  assert.deepEqual(h.run(`Counter.next(); System.debug(Counter.next());`), ['12']);
  // A new transaction (new tx object) starts from fresh statics.
  h.tx = { ...h.tx };
  assert.deepEqual(h.run(`System.debug(Counter.next());`), ['11']);
});

test('properties: auto, custom get/set with backing field, static property', () => {
  const h = harness();
  h.load({
    Temp: `public class Temp {
      public Integer reads { get; private set; }
      public Decimal celsius { get; set { celsius = value; fahrenheit = value * 9 / 5 + 32; } }
      public Decimal fahrenheit { get; private set; }
      public String label { get { reads = reads == null ? 1 : reads + 1; return 'T=' + celsius; } }
      public static Integer instances { get { return 42; } }
    }`
  });
  assert.deepEqual(
    h.run(
      `Temp t = new Temp(); t.celsius = 100; System.debug(t.fahrenheit); System.debug(t.label); System.debug(t.label); System.debug(t.reads); System.debug(Temp.instances);`
    ),
    ['212', 'T=100', 'T=100', '2', '42']
  );
});

test('interfaces, instanceof and casts with the platform TypeException', () => {
  const h = harness();
  h.load({
    Greeter: `public interface Greeter { String greet(String who); }`,
    Polite: `public class Polite implements Greeter { public String greet(String who) { return 'Hello ' + who; } }`,
    Other: `public class Other {}`
  });
  assert.deepEqual(
    h.run(`Object o = new Polite();
      System.debug(o instanceof Greeter);
      System.debug(o instanceof Other);
      Greeter g = (Greeter) o; System.debug(g.greet('Ann'));
      try { Other x = (Other) o; } catch (TypeException e) { System.debug(e.getMessage()); }`),
    ['true', 'false', 'Hello Ann', 'Invalid conversion from runtime type Polite to Other']
  );
});

test('inner classes, enums with values/name/ordinal, switch on enum', () => {
  const h = harness();
  h.load({
    Outer: `public class Outer {
      public enum Color { RED, GREEN, BLUE }
      public class Box { public Color c; public Box(Color c) { this.c = c; } }
      public static String describe(Color c) {
        switch on c { when RED { return 'warm'; } when GREEN, BLUE { return 'cool'; } }
        return 'none';
      }
    }`
  });
  assert.deepEqual(
    h.run(`Outer.Box b = new Outer.Box(Outer.Color.GREEN);
      System.debug(b.c.name() + ' ' + b.c.ordinal());
      System.debug(Outer.Color.values());
      System.debug(Outer.describe(Outer.Color.RED) + ' ' + Outer.describe(b.c));
      System.debug(Outer.Color.BLUE == Outer.Color.BLUE);`),
    ['GREEN 1', '(RED, GREEN, BLUE)', 'warm cool', 'true']
  );
});

test('Type.forName, newInstance and X.class', () => {
  const h = harness();
  h.load({ Widget: `public class Widget { public String hi() { return 'hi'; } }` });
  assert.deepEqual(
    h.run(`Type t = Type.forName('Widget'); Widget w = (Widget) t.newInstance(); System.debug(w.hi());
      System.debug(t.getName()); System.debug(t == Widget.class); System.debug(Type.forName('Nope'));`),
    ['hi', 'Widget', 'true', 'null']
  );
});

test('overloads are chosen by arity and argument types', () => {
  const h = harness();
  h.load({
    Fmt: `public class Fmt {
      public static String f(Integer i) { return 'int'; }
      public static String f(String s) { return 'string'; }
      public static String f(String s, Integer i) { return 'two'; }
    }`
  });
  assert.deepEqual(h.run(`System.debug(Fmt.f(1) + Fmt.f('a') + Fmt.f('a', 1));`), ['intstringtwo']);
});

test('user toString, equals and hashCode drive String.valueOf, == and map keys', () => {
  const h = harness();
  h.load({
    Pt: `public class Pt {
      Integer x; Integer y;
      public Pt(Integer x, Integer y) { this.x = x; this.y = y; }
      public Boolean equals(Object o) { return o instanceof Pt && ((Pt) o).x == x && ((Pt) o).y == y; }
      public Integer hashCode() { return x * 31 + y; }
      public override String toString() { return '(' + x + ',' + y + ')'; }
    }`
  });
  assert.deepEqual(
    h.run(`Map<Pt, String> m = new Map<Pt, String>{ new Pt(1, 2) => 'a' };
      System.debug(m.get(new Pt(1, 2)));
      System.debug(new Pt(1, 2) == new Pt(1, 2));
      System.debug(new Pt(3, 4));
      System.debug('' + new Pt(5, 6));`),
    ['a', 'true', '(3,4)', '(5,6)']
  );
});
