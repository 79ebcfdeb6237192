/**
 * The Apex test runner: every @IsTest class of the project, each test method in its own
 * fresh org state (the store as it was after the class's @TestSetup methods, which run once
 * per class), as the running user, with Test.isRunningTest() true. Collects failures with the
 * Apex stack, per-class line coverage of the non-test code and the total.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic, TestClassInfo } from '../contracts.js';
import { formatApexError, type DebugLine } from '../org/org.js';
import type { OpenedOrg } from '../org/local-org.js';
import type { ApexSourceFile } from './project.js';

export interface TestFilter {
  readonly className: string;
  readonly methodName?: string;
}

export interface TestResult {
  readonly className: string;
  readonly methodName: string;
  readonly outcome: 'Pass' | 'Fail';
  readonly message?: string;
  readonly durationMs: number;
  /** The last System.debug lines of a failing test. */
  readonly debug?: readonly DebugLine[];
}

export interface CoverageEntry {
  readonly name: string;
  readonly file: string;
  readonly covered: number;
  readonly executable: number;
  readonly uncoveredLines: readonly number[];
}

export interface TestRunReport {
  readonly results: readonly TestResult[];
  readonly coverage: readonly CoverageEntry[];
  readonly totalCovered: number;
  readonly totalExecutable: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly durationMs: number;
  readonly passed: number;
  readonly failed: number;
}

export const COVERAGE_THRESHOLD = 75;
const DEBUG_LINES_KEPT = 15;
const MAX_RANGES = 12;

export interface RunTestsOptions {
  readonly filters?: readonly TestFilter[];
  /** Called as each test finishes (the CLI prints progress). */
  readonly onResult?: (result: TestResult) => void;
}

export function parseTestFilters(values: readonly string[]): TestFilter[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map((v) => {
      const dot = v.indexOf('.');
      return dot < 0
        ? { className: v }
        : { className: v.slice(0, dot), methodName: v.slice(dot + 1) };
    });
}

function selected(
  cls: TestClassInfo,
  method: string,
  filters: readonly TestFilter[] | undefined
): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some(
    (f) =>
      f.className.toLowerCase() === cls.className.toLowerCase() &&
      (!f.methodName || f.methodName.toLowerCase() === method.toLowerCase())
  );
}

export function runTests(opened: OpenedOrg, options: RunTestsOptions = {}): TestRunReport {
  const started = performance.now();
  const { org } = opened;
  const { runtime, store } = org;
  const results: TestResult[] = [];
  const record = (result: TestResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  const classes = [...runtime.testClasses()].sort((a, b) => a.className.localeCompare(b.className));
  if (options.filters && options.filters.length > 0) {
    for (const f of options.filters) {
      const cls = classes.find((c) => c.className.toLowerCase() === f.className.toLowerCase());
      if (!cls) throw new Error(`--class ${f.className}: no @IsTest class of that name`);
      if (
        f.methodName &&
        !cls.testMethods.some((m) => m.toLowerCase() === f.methodName!.toLowerCase())
      ) {
        throw new Error(
          `--class ${f.className}.${f.methodName}: no test method of that name in ${cls.className}`
        );
      }
    }
  }

  runtime.resetCoverage();
  const fresh = store.snapshot();
  for (const cls of classes) {
    const methods = cls.testMethods.filter((m) => selected(cls, m, options.filters));
    if (methods.length === 0) continue;
    store.restore(fresh);
    let setupError: string | null = null;
    for (const setup of cls.setupMethods) {
      try {
        runtime.invokeStatic(cls.className, setup, [], org.transaction({ isTest: true }));
      } catch (error) {
        setupError = `@TestSetup ${cls.className}.${setup} failed: ${formatApexError(error)}`;
        break;
      }
    }
    const afterSetup = store.snapshot();
    for (const method of methods) {
      const t0 = performance.now();
      if (setupError) {
        record({
          className: cls.className,
          methodName: method,
          outcome: 'Fail',
          message: setupError,
          durationMs: 0
        });
        continue;
      }
      store.restore(afterSetup);
      const debug: DebugLine[] = [];
      org.debugListener = (line) => {
        debug.push(line);
        if (debug.length > DEBUG_LINES_KEPT) debug.shift();
      };
      try {
        runtime.invokeStatic(cls.className, method, [], org.transaction({ isTest: true }));
        record({
          className: cls.className,
          methodName: method,
          outcome: 'Pass',
          durationMs: performance.now() - t0
        });
      } catch (error) {
        record({
          className: cls.className,
          methodName: method,
          outcome: 'Fail',
          message: formatApexError(error),
          durationMs: performance.now() - t0,
          debug
        });
      } finally {
        org.debugListener = () => {};
      }
    }
  }
  store.restore(fresh);

  const coverage = coverageOf(opened.project.apexFiles, runtime.coverage(), classes);
  const totalCovered = coverage.reduce((n, c) => n + c.covered, 0);
  const totalExecutable = coverage.reduce((n, c) => n + c.executable, 0);
  const passed = results.filter((r) => r.outcome === 'Pass').length;
  return {
    results,
    coverage,
    totalCovered,
    totalExecutable,
    diagnostics: opened.diagnostics,
    durationMs: performance.now() - started,
    passed,
    failed: results.length - passed
  };
}

/** A class annotated @IsTest (test classes and test utilities) is not counted in coverage. */
export function isTestClassSource(file: ApexSourceFile): boolean {
  if (file.kind !== 'class') return false;
  const code = file.source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const header = new RegExp(
    `((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)(?:(?:public|private|global|virtual|abstract|with\\s+sharing|without\\s+sharing|inherited\\s+sharing)\\s+)*class\\s+${file.name}\\b`,
    'i'
  ).exec(code);
  return !!header && /@istest\b/i.test(header[1]);
}

function coverageOf(
  files: readonly ApexSourceFile[],
  measured: ReadonlyMap<string, { executable: ReadonlySet<number>; covered: ReadonlySet<number> }>,
  testClasses: readonly TestClassInfo[]
): CoverageEntry[] {
  const testFiles = new Set(testClasses.map((c) => c.file));
  const out: CoverageEntry[] = [];
  for (const file of files) {
    if (testFiles.has(file.path) || isTestClassSource(file)) continue;
    const lines = measured.get(file.path);
    const executable = lines ? [...lines.executable] : [];
    const covered = lines ? executable.filter((l) => lines.covered.has(l)) : [];
    out.push({
      name: file.name,
      file: file.path,
      covered: covered.length,
      executable: executable.length,
      uncoveredLines: executable.filter((l) => !lines!.covered.has(l)).sort((a, b) => a - b)
    });
  }
  return out;
}

export function coveragePercent(covered: number, executable: number): number {
  return executable === 0 ? 100 : (100 * covered) / executable;
}

/** The report as the CLI prints it; the last line is exactly `N passed, N failed`. */
export function formatReport(
  report: TestRunReport,
  options: { coverageGate: boolean }
): { text: string; exitCode: number } {
  const lines: string[] = [];
  for (const d of report.diagnostics)
    lines.push(`error: ${d.file}:${d.line}:${d.column} ${d.message}`);
  lines.push('', 'Coverage (non-test classes and triggers)');
  if (report.coverage.length === 0) {
    lines.push('  no non-test Apex in the project');
  } else {
    const width = Math.max(...report.coverage.map((c) => c.name.length), 5);
    for (const c of report.coverage) {
      const pct = coveragePercent(c.covered, c.executable).toFixed(1).padStart(6);
      const missing =
        c.uncoveredLines.length > 0 ? `  uncovered: ${abbreviateLines(c.uncoveredLines)}` : '';
      lines.push(`  ${c.name.padEnd(width)} ${pct}%  (${c.covered}/${c.executable})${missing}`);
    }
    const total = coveragePercent(report.totalCovered, report.totalExecutable);
    lines.push(
      `  ${'Total'.padEnd(width)} ${total.toFixed(1).padStart(6)}%  (${report.totalCovered}/${report.totalExecutable})`
    );
  }
  const failures = report.results.filter((r) => r.outcome === 'Fail');
  if (failures.length > 0) {
    lines.push('', 'Failures');
    for (const f of failures) {
      lines.push(`  ${f.className}.${f.methodName}`);
      for (const l of (f.message ?? '').split('\n')) lines.push(`    ${l}`);
      if (f.debug && f.debug.length > 0) {
        lines.push('    last debug lines:');
        for (const d of f.debug) lines.push(`      ${d.file}:${d.line} ${d.level}|${d.message}`);
      }
    }
  }
  const lowCoverage =
    options.coverageGate &&
    report.totalExecutable > 0 &&
    coveragePercent(report.totalCovered, report.totalExecutable) < COVERAGE_THRESHOLD;
  if (lowCoverage) lines.push(`coverage is under ${COVERAGE_THRESHOLD}%`);
  lines.push(`time ${(report.durationMs / 1000).toFixed(2)} s`);
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  const exitCode = report.failed > 0 || lowCoverage || report.diagnostics.length > 0 ? 1 : 0;
  return { text: lines.join('\n'), exitCode };
}

/** `3-5,9,12-20`, at most MAX_RANGES ranges then `…`. */
function abbreviateLines(lines: readonly number[]): string {
  const ranges: string[] = [];
  let start = lines[0];
  let prev = lines[0];
  for (const line of [...lines.slice(1), Infinity]) {
    if (line === prev + 1) {
      prev = line;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = prev = line;
  }
  return ranges.length > MAX_RANGES
    ? `${ranges.slice(0, MAX_RANGES).join(',')},…`
    : ranges.join(',');
}
