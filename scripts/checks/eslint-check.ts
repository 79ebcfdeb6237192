/**
 * Stage 2: ESLint with the repo's flat config (eslint.config.js): LWC JavaScript and the
 * TypeScript of scripts/ and emulator/.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ESLint } from 'eslint';
import { finding, listProjectFiles, type Finding } from './lib.js';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface EslintOptions {
  /** Apply ESLint's automatic fixes before reporting what is left. */
  fix?: boolean;
  /** The flat config to use; the repo's eslint.config.js by default. */
  configFile?: string;
}

/** The files ESLint is asked about: LWC JavaScript and TypeScript. */
export function isLintedKind(file: string): boolean {
  if (/(^|\/)lwc\/.+\.js$/.test(file)) return true;
  return /\.(ts|js)$/.test(file);
}

export async function lint(projectRoot: string, options: EslintOptions = {}): Promise<Finding[]> {
  const root = path.resolve(projectRoot);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: options.configFile ?? path.join(REPO_ROOT, 'eslint.config.js'),
    fix: options.fix ?? false,
    // Re-lint only changed files on later runs (by content); a fresh clone lints everything.
    cache: root === REPO_ROOT || root.startsWith(REPO_ROOT + path.sep),
    cacheStrategy: 'content',
    cacheLocation: path.join(
      REPO_ROOT,
      'node_modules/.cache/converse-checks',
      `eslint-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`
    ),
    errorOnUnmatchedPattern: false,
    warnIgnored: false
  });
  const files = listProjectFiles(root)
    .filter(isLintedKind)
    .map((f) => path.join(root, f));
  if (files.length === 0) return [];
  const results = await eslint.lintFiles(files);
  if (options.fix) await ESLint.outputFixes(results);
  const findings: Finding[] = [];
  for (const result of results) {
    const file = path.relative(root, result.filePath);
    for (const message of result.messages) {
      const rule = message.ruleId ? ` (${message.ruleId})` : '';
      findings.push(
        finding(
          file,
          message.line ?? 0,
          `${message.message}${rule}`,
          message.severity === 2 || message.fatal ? 'error' : 'warning'
        )
      );
    }
  }
  return findings;
}
