/**
 * The fast checkers (Prettier, ESLint, SOQL, metadata) over the fixture projects: each kind of
 * mistake in fixtures/broken is reported by the right stage at the right file:line, and
 * fixtures/good passes every checker.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, before } from 'node:test';
import { lint } from '../eslint-check.js';
import { errorsIn, type Finding } from '../lib.js';
import { checkMetadata } from '../metadata-check.js';
import { checkFormatting, firstDifferentLine } from '../prettier-check.js';
import { loadSchema } from '../schema.js';
import { checkApexSource, checkSoql, unescapeApexString } from '../soql-check.js';

const FIXTURES = path.join(__dirname, 'fixtures');
const BROKEN = path.join(FIXTURES, 'broken');
const GOOD = path.join(FIXTURES, 'good');
const CLASSES = 'force-app/main/default/classes';

/** Asserts one finding of severity error at file:line whose message contains `text`. */
function assertReported(findings: Finding[], file: string, line: number, text: string): void {
  const match = findings.find(
    (f) => f.severity === 'error' && f.file === file && f.line === line && f.message.includes(text)
  );
  assert.ok(
    match,
    `expected an error at ${file}:${line} mentioning "${text}"; got:\n${findings
      .map((f) => `  ${f.file}:${f.line}: ${f.severity}: ${f.message}`)
      .join('\n')}`
  );
}

function locations(findings: Finding[]): string[] {
  return errorsIn(findings)
    .map((f) => `${f.file}:${f.line}`)
    .sort();
}

describe('Prettier stage', () => {
  it('reports the unformatted class at its first unformatted line', async () => {
    const findings = await checkFormatting(BROKEN);
    assertReported(findings, `${CLASSES}/Unformatted.cls`, 3, 'not formatted');
  });

  it('reports a file Prettier cannot parse, and nothing else in the broken project', async () => {
    const findings = await checkFormatting(BROKEN);
    assert.deepEqual(locations(findings), [
      `${CLASSES}/Unformatted.cls:3`,
      'force-app/main/default/tabs/Gadget__c.tab-meta.xml:0'
    ]);
  });

  it('passes the good project', async () => {
    assert.deepEqual(await checkFormatting(GOOD), []);
  });

  it('rewrites unformatted files with fix, also in a project outside the repo', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'checks-fix-'));
    try {
      cpSync(BROKEN, copy, { recursive: true });
      await checkFormatting(copy, { fix: true });
      const fixed = readFileSync(path.join(copy, CLASSES, 'Unformatted.cls'), 'utf8');
      assert.match(fixed, /^ {4}return value \* 2;$/m);
      assert.deepEqual(locations(await checkFormatting(copy)), [
        'force-app/main/default/tabs/Gadget__c.tab-meta.xml:0'
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('finds the first line that differs', () => {
    assert.equal(firstDifferentLine('a\nb\nc', 'a\nb\nc\n'), 4);
    assert.equal(firstDifferentLine('a\nx\nc', 'a\nb\nc'), 2);
  });
});

describe('ESLint stage', () => {
  it('reports the LWC lint error at its line with the rule name', async () => {
    const findings = await lint(BROKEN);
    assertReported(
      findings,
      'force-app/main/default/lwc/badLint/badLint.js',
      5,
      '@lwc/lwc/no-inner-html'
    );
    assert.equal(errorsIn(findings).length, 2, 'only the LWC and the TypeScript mistakes');
  });

  it('reports the TypeScript lint error of scripts/ with typescript-eslint', async () => {
    const findings = await lint(BROKEN);
    assertReported(findings, 'scripts/loose.ts', 2, '@typescript-eslint/no-explicit-any');
  });

  it('passes the good project (its LWC, its jest test, its TypeScript)', async () => {
    assert.deepEqual(await lint(GOOD), []);
  });
});

describe('SOQL check', () => {
  let broken: Finding[];
  before(() => {
    broken = checkSoql(BROKEN).findings;
  });
  const file = `${CLASSES}/BadQueries.cls`;

  it('reports an unknown object in FROM', () => {
    assertReported(broken, file, 5, "unknown object 'Widget__c' in FROM");
  });
  it('reports an unknown field in SELECT', () => {
    assertReported(broken, file, 6, "unknown field 'Colour__c' on Gadget__c in SELECT");
  });
  it('reports an unknown field in WHERE', () => {
    assertReported(broken, file, 7, "unknown field 'Colour__c' on Gadget__c in WHERE");
  });
  it('reports an unknown field in ORDER BY', () => {
    assertReported(broken, file, 8, "unknown field 'Colour__c' on Gadget__c in ORDER BY");
  });
  it('reports a bad relationship path', () => {
    assertReported(broken, file, 9, "no relationship 'Acount' on Contact");
  });
  it('reports a bad child subquery', () => {
    assertReported(broken, file, 10, "unknown child relationship 'Widgets__r' on Contact");
  });
  it('reports an unknown field of a whole-query constant given to Database.query', () => {
    assertReported(broken, file, 2, "unknown field 'Weight__c' on Gadget__c in SELECT");
  });
  it('reports nothing else: the valid child subquery through a custom lookup passes', () => {
    assert.deepEqual(locations(broken), [2, 5, 6, 7, 8, 9, 10].map((l) => `${file}:${l}`).sort());
  });

  it('passes the good project, and notes the query it cannot resolve instead of guessing', () => {
    const report = checkSoql(GOOD);
    assert.deepEqual(errorsIn(report.findings), []);
    // channels + its subquery, countsByChannel + its semi-join, OPEN_CONTACTS, routes
    assert.equal(report.checked, 6);
    assert.deepEqual(
      report.findings.map((f) => `${f.file}:${f.line}: ${f.severity}`),
      [`${CLASSES}/MessageSelector.cls:77: note`]
    );
    assert.match(report.findings[0].message, /built at runtime, not checked/);
  });

  it('checks parent paths through standard and polymorphic relationships', () => {
    const schema = loadSchema(GOOD);
    const source = [
      'public with sharing class X {',
      '  void m() {',
      '    List<Task> t = [SELECT Who.Name, What.Name, Owner.Email, Account.Owner.Profile.Name FROM Task];',
      '    List<Task> u = [SELECT Who.Industry FROM Task];',
      '    List<Contact> c = [SELECT Contact.Name, c.Email FROM Contact c];',
      '    List<Lead> l = [SELECT TYPEOF Owner WHEN User THEN Username WHEN Group THEN Nope END FROM Lead];',
      '  }',
      '}'
    ].join('\n');
    const report = checkApexSource('X.cls', source, schema);
    assert.deepEqual(
      report.findings.map((f) => `${f.line}: ${f.message}`),
      [
        "4: SOQL: unknown field 'Industry' on a polymorphic relationship (Name) in SELECT: Who.Industry",
        "6: SOQL: unknown field 'Nope' on Group in TYPEOF Group: Nope"
      ]
    );
  });

  it('refuses GROUP BY a field that is not groupable, as the platform compiler does', () => {
    const source = [
      'public with sharing class G {',
      '  void m() {',
      '    List<AggregateResult> a = [SELECT Channel__c c, COUNT(Id) n FROM Message__c GROUP BY Channel__c];',
      '    List<AggregateResult> b = [SELECT CreatedDate d, COUNT(Id) n FROM Message__c GROUP BY CreatedDate];',
      '    List<AggregateResult> c = [SELECT AnnualRevenue r, COUNT(Id) n FROM Account GROUP BY AnnualRevenue];',
      '  }',
      '}'
    ].join('\n');
    const report = checkApexSource('G.cls', source, loadSchema(GOOD));
    assert.deepEqual(
      report.findings.map((f) => f.line),
      [4, 5],
      report.findings.map((f) => f.message).join('\n')
    );
    assert.match(report.findings[0].message, /'CreatedDate' on Message__c can not be grouped/);
    assert.match(report.findings[1].message, /'AnnualRevenue' on Account can not be grouped/);
  });

  it('reports a whole query literal given to Database.query that does not parse', () => {
    const source = [
      'public with sharing class Y {',
      '  List<SObject> m() {',
      "    return Database.query('SELECT Id,, Name FROM Contact');",
      '  }',
      '}'
    ].join('\n');
    const report = checkApexSource('Y.cls', source, loadSchema(GOOD));
    assert.equal(report.findings.length, 1);
    assert.equal(report.findings[0].line, 3);
    assert.match(report.findings[0].message, /does not parse/);
  });

  it('does not resolve a variable that is reassigned', () => {
    const source = [
      'public with sharing class Z {',
      '  List<SObject> m(Boolean all) {',
      "    String q = 'SELECT Id FROM Contact';",
      "    if (!all) q = 'SELECT Nope__c FROM Contact';",
      '    return Database.query(q);',
      '  }',
      '}'
    ].join('\n');
    const report = checkApexSource('Z.cls', source, loadSchema(GOOD));
    assert.deepEqual(
      report.findings.map((f) => `${f.line}: ${f.severity}`),
      ['4: error', '5: note'],
      'the literal on line 4 is a whole query of its own; the call is noted, not guessed'
    );
  });

  it('knows the standard fields of custom settings and custom metadata types', () => {
    const source = [
      'public with sharing class V {',
      '  void m() {',
      '    List<Settings__c> s = [SELECT Id, Name, SetupOwnerId, SetupOwner.Name, Enabled__c FROM Settings__c];',
      '    List<Settings__c> t = [SELECT OwnerId FROM Settings__c];',
      '    List<Route__mdt> r = [SELECT DeveloperName, MasterLabel, QualifiedApiName, Label FROM Route__mdt];',
      '    List<Route__mdt> u = [SELECT Name FROM Route__mdt];',
      '  }',
      '}'
    ].join('\n');
    const report = checkApexSource('V.cls', source, loadSchema(GOOD));
    assert.deepEqual(
      report.findings.map((f) => `${f.line}: ${f.message}`),
      [
        "4: SOQL: unknown field 'OwnerId' on Settings__c in SELECT: OwnerId",
        "6: SOQL: unknown field 'Name' on Route__mdt in SELECT: Name"
      ]
    );
  });

  it('names the line of the literal that holds the unknown field, once', () => {
    const source = [
      'public with sharing class Q {',
      "  static final String FIELDS = 'Id, Nme';",
      '  static final Map<Integer, String> QUERIES = new Map<Integer, String>{',
      "    1 => 'SELECT ' + FIELDS + ' FROM Contact',",
      "    2 => 'SELECT ' + FIELDS +",
      "      ' FROM Contact WHERE Emal = NULL'",
      '  };',
      '}'
    ].join('\n');
    const report = checkApexSource('Q.cls', source, loadSchema(GOOD));
    assert.deepEqual(
      report.findings.map((f) => `${f.line}: ${f.message}`),
      [
        "2: SOQL: unknown field 'Nme' on Contact in SELECT: Nme",
        "6: SOQL: unknown field 'Emal' on Contact in WHERE: Emal"
      ]
    );
  });

  it('leaves alone sentences that only look like a query', () => {
    const source = [
      'public with sharing class W {',
      "  static final String HINT = 'Select a record from the list';",
      "  static final String OTHER = 'SELECT one FROM the list';",
      "  static final String REAL = 'SELECT Nope__c FROM Contact';",
      '}'
    ].join('\n');
    const report = checkApexSource('W.cls', source, loadSchema(GOOD));
    assert.deepEqual(
      report.findings.map((f) => `${f.line}: ${f.message}`),
      ["4: SOQL: unknown field 'Nope__c' on Contact in SELECT: Nope__c"]
    );
  });

  it('unescapes Apex string literals', () => {
    assert.equal(unescapeApexString("'it\\'s\\n'"), "it's\n");
  });
});

describe('standard objects table', () => {
  it('leads every relationship and child relationship to an object it describes', () => {
    const schema = loadSchema(GOOD);
    const missing: string[] = [];
    for (const object of schema.objects.values()) {
      if (object.kind !== 'standard') continue;
      for (const field of object.parents.values())
        for (const target of field.referenceTo ?? [])
          if (!schema.get(target)) missing.push(`${object.name}.${field.name} -> ${target}`);
      for (const [name, child] of object.children)
        if (!schema.get(child)) missing.push(`${object.name}.${name} -> ${child}`);
    }
    assert.deepEqual(missing, []);
  });

  it('describes every standard object the issue lists', () => {
    const schema = loadSchema(GOOD);
    const listed = ['User', 'Profile', 'Organization', 'Lead', 'Contact', 'Account', 'Task'];
    listed.push('AsyncApexJob', 'ApexTrigger', 'ApexClass', 'FlowDefinitionView', 'PermissionSet');
    listed.push('PermissionSetAssignment', 'CustomPermission', 'SetupEntityAccess', 'RecordType');
    listed.push('Group', 'GroupMember', 'UserRole');
    assert.deepEqual(
      listed.filter((name) => !schema.get(name)?.fields.has('id')),
      []
    );
  });
});

describe('Metadata check', () => {
  let findings: Finding[];
  before(() => {
    findings = checkMetadata(BROKEN);
  });

  it('reports a malformed -meta.xml at the line of the error', () => {
    assertReported(
      findings,
      'force-app/main/default/tabs/Gadget__c.tab-meta.xml',
      5,
      'malformed XML'
    );
  });
  it('reports a class without its -meta.xml', () => {
    assertReported(findings, `${CLASSES}/NoMeta.cls`, 0, 'missing NoMeta.cls-meta.xml');
  });
  it('reports a custom field without a description', () => {
    assertReported(
      findings,
      'force-app/main/default/objects/Gadget__c/fields/Undocumented__c.field-meta.xml',
      1,
      'has no <description>'
    );
  });
  it('reports a permission set naming a field that does not exist, at its line', () => {
    assertReported(
      findings,
      'force-app/main/default/permissionsets/Gadget_User.permissionset-meta.xml',
      11,
      "unknown field 'Gadget__c.Colour__c'"
    );
  });
  it('reports nothing else', () => {
    assert.equal(errorsIn(findings).length, 4);
  });
  it('passes the good project (layout, list view, custom metadata record, permission set)', () => {
    assert.deepEqual(checkMetadata(GOOD), []);
  });
});
