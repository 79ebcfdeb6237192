/**
 * Stage 3a: Apex semantics with apex-ls (io.github.apexdevtools.apexls.CheckForIssues, shipped
 * in the PMD engine's java-lib): unknown types, variables, methods, SObject fields in Apex.
 *
 * What fails: every message of category Syntax, Error or Missing (the compiler would reject
 * the code). apex-ls's warnings (`-d warnings`: e.g. unreachable or suspicious code) are
 * printed and counted but do not fail, because apex-ls knows less about the platform than
 * the compiler and its warnings include false positives on valid code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { finding, toPosix, type Finding } from './lib.js';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const JAVA_CLASSPATH = path.join(
  REPO_ROOT,
  'node_modules/@salesforce/code-analyzer-pmd-engine/dist/java-lib/*'
);

const FAILING_CATEGORIES = new Set(['syntax', 'error', 'missing']);

interface ApexLsMessage {
  start: { line: number; offset: number };
  category: string;
  message: string;
}
interface ApexLsReport {
  files: { path: string; messages: ApexLsMessage[] }[];
}

/**
 * Runs apex-ls over the SFDX project at `root` (its sfdx-project.json package directories).
 * Asynchronous, so the caller can do other work (the SOQL check) while the JVM runs.
 */
export function runApexLs(projectRoot: string): Promise<Finding[]> {
  const root = path.resolve(projectRoot);
  const args = ['-cp', JAVA_CLASSPATH, 'io.github.apexdevtools.apexls.CheckForIssues'];
  args.push('-w', root, '-n', '-f', 'json', '-d', 'warnings');
  return new Promise((resolve) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) =>
      resolve([finding('.', 0, `cannot start java for apex-ls: ${error.message}`)])
    );
    child.on('close', (status) => {
      // Exit 0: no issues; 4: issues reported in the JSON; anything else: apex-ls itself failed.
      if (status !== 0 && status !== 4) {
        const detail = (stderr || stdout).trim().split('\n').slice(0, 5).join(' | ');
        resolve([finding('.', 0, `apex-ls failed (exit ${status}): ${detail}`)]);
        return;
      }
      resolve(parseApexLsReport(root, stdout));
    });
  });
}

export function parseApexLsReport(root: string, json: string): Finding[] {
  const text = json.trim();
  if (text === '') return [];
  let report: ApexLsReport;
  try {
    report = JSON.parse(text) as ApexLsReport;
  } catch {
    return [finding('.', 0, `apex-ls printed something that is not JSON: ${text.slice(0, 200)}`)];
  }
  const findings: Finding[] = [];
  for (const file of report.files ?? []) {
    const relative = toPosix(path.relative(root, file.path));
    for (const message of file.messages) {
      const category = message.category.toLowerCase();
      findings.push(
        finding(
          relative,
          message.start.line,
          `${message.category}: ${message.message}`,
          FAILING_CATEGORIES.has(category) ? 'error' : 'warning'
        )
      );
    }
  }
  return findings;
}
