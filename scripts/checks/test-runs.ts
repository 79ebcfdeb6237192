/**
 * Stage 6: the test suites. LWC jest (with coverage), the TypeScript tests of scripts/ and
 * emulator/, and the Apex tests run by the org emulator. Each is its own stage so that one
 * suite that cannot run yet shows as NOT RUN instead of hiding behind the others.
 */
import { spawn } from 'node:child_process';
import { finding, listProjectFiles, packageDirectories, type StageOutcome } from './lib.js';

export interface TestSuite {
  id: string;
  title: string;
  /** The npm script that runs it (what a developer types). */
  script: string;
  /** The command run here: the script's, with test files listed (node 20's --test has no globs). */
  command: string[];
  /** Why it does not run here; undefined when it runs. */
  notRun?: string;
  skipped?: string;
}

/** Which suites run in the project at `root`, and why the others do not. */
export function planTestSuites(root: string): TestSuite[] {
  const files = listProjectFiles(root);
  const dirs = packageDirectories(root);
  const hasLwc = files.some(
    (f) => dirs.some((d) => f.startsWith(`${d}/`)) && /(^|\/)lwc\//.test(f)
  );
  const scriptTests = files.filter(
    (f) => /^scripts\/.+\.test\.ts$/.test(f) && !f.includes('/fixtures/')
  );
  const emulatorTests = files.filter(
    (f) => /^emulator\/test\/.+\.test\.ts$/.test(f) && !f.includes('/fixtures/')
  );
  const nodeTest = (tests: string[]) => ['node', '--import', 'tsx', '--test', ...tests];
  const emulatorBuilt = files.includes('emulator/src/cli/main.ts');
  return [
    {
      id: 'lwc',
      title: 'LWC jest',
      script: 'test:lwc',
      command: ['npm', 'run', '--silent', 'test:lwc'],
      skipped: hasLwc ? undefined : 'no LWC yet (force-app has no lwc folder)'
    },
    {
      id: 'scripts-tests',
      title: 'scripts tests',
      script: 'test:scripts',
      command: nodeTest(scriptTests),
      skipped: scriptTests.length > 0 ? undefined : 'no scripts/**/*.test.ts yet'
    },
    {
      id: 'emulator-tests',
      title: 'emulator tests',
      script: 'test:emulator',
      command: nodeTest(emulatorTests),
      skipped: emulatorTests.length > 0 ? undefined : 'no emulator/test/**/*.test.ts yet'
    },
    {
      id: 'apex-tests',
      title: 'Apex tests (emulator)',
      script: 'test:apex',
      command: ['npm', 'run', '--silent', 'test:apex'],
      notRun: emulatorBuilt ? undefined : 'emulator not built (no emulator/src/cli/main.ts)'
    },
    {
      id: 'apex-conformance',
      title: 'Apex conformance (emulator)',
      script: 'test:apex -- --conformance',
      command: ['npm', 'run', '--silent', 'test:apex', '--', '--conformance'],
      notRun: emulatorBuilt ? undefined : 'emulator not built (no emulator/src/cli/main.ts)'
    }
  ];
}

/** How many lines of a failing suite's output the report keeps. */
const OUTPUT_TAIL = 60;

/** Runs the suite's command in `root`; a non-zero exit is one error finding plus the output's tail. */
export async function runTestSuite(root: string, suite: TestSuite): Promise<StageOutcome> {
  if (suite.notRun) return { findings: [], notRun: suite.notRun };
  if (suite.skipped) return { findings: [], skipped: suite.skipped };
  const [command, ...args] = suite.command;
  const { code, output } = await run(command, args, root);
  if (code === 0) {
    const notRunTests = testsNotRun(output);
    return {
      findings: notRunTests.map((name) =>
        finding('package.json', 0, `${suite.title}: not run (todo or skipped): ${name}`, 'warning')
      ),
      summary: notRunTests.length > 0 ? `${notRunTests.length} tests not run` : undefined
    };
  }
  const tail = output.trimEnd().split('\n').slice(-OUTPUT_TAIL).join('\n');
  return {
    findings: [
      finding('package.json', 0, `${suite.title} (npm run ${suite.script}) failed (exit ${code})`)
    ],
    output: tail
  };
}

function run(
  command: string,
  args: string[],
  cwd: string
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0' }
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Tests that a passing run did not execute: node's test runner marks them `# TODO` / `# SKIP`
 * on their result line, jest prints them as skipped or todo in its summary. They are shown as
 * warnings so that a passing stage never hides a test that did not run.
 */
export function testsNotRun(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split('\n')) {
    const tap = /^\s*(?:not )?ok \d+ - (.+?) # (?:TODO|SKIP)\b/i.exec(line);
    if (tap) names.push(tap[1].trim());
    const jest = /^Tests:.*?(\d+) (skipped|todo)/.exec(line);
    if (jest) names.push(`${jest[1]} jest tests ${jest[2]}`);
  }
  return names;
}
