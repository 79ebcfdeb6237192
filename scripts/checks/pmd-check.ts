/**
 * Stage 4: PMD through Salesforce Code Analyzer (code-analyzer-core with only the PMD engine),
 * with the rules of scripts/checks/pmd/converse-ruleset.xml, over the Apex of the package
 * directories. Code Analyzer severity 1–2 (Critical, High: ruleset priority 1) fails; the
 * others are warnings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { finding, isApexSource, listSourceFiles, toPosix, type Finding } from './lib.js';

export const RULESET = path.join(__dirname, 'pmd', 'converse-ruleset.xml');
/** The ruleset's name, which Code Analyzer turns into a tag of the rules it references. */
const RULESET_TAG = 'Converse';

export async function runPmd(projectRoot: string, ruleset = RULESET): Promise<Finding[]> {
  const root = path.resolve(projectRoot);
  return (await runPmdOver([root], ruleset)).get(root) ?? [];
}

/**
 * One Code Analyzer run over the Apex of several projects (PMD costs two JVM starts per run,
 * so the tests scan their fixtures together). Findings by project root, paths relative to it;
 * a finding that belongs to no root (an engine error) goes to the first.
 */
export async function runPmdOver(
  projectRoots: string[],
  ruleset = RULESET
): Promise<Map<string, Finding[]>> {
  const roots = projectRoots.map((r) => path.resolve(r));
  const byRoot = new Map<string, Finding[]>(roots.map((r) => [r, []]));
  const targets = roots.flatMap((root) =>
    listSourceFiles(root)
      .filter(isApexSource)
      .map((f) => path.join(root, f))
  );
  if (targets.length === 0) return byRoot;
  const configRoot = commonFolder(roots);
  const workingFolder = mkdtempSync(path.join(os.tmpdir(), 'converse-pmd-'));
  try {
    const config = CodeAnalyzerConfig.fromObject(
      {
        config_root: configRoot,
        log_folder: workingFolder,
        root_working_folder: workingFolder,
        engines: {
          pmd: { custom_rulesets: [ruleset], rule_languages: ['apex'] },
          cpd: { disable_engine: true }
        }
      },
      configRoot
    );
    const analyzer = new CodeAnalyzer(config);
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(targets);
    const rules = await analyzer.selectRules([`pmd:${RULESET_TAG}`], { workspace });
    const first = byRoot.get(roots[0]) as Finding[];
    if (rules.getCount() === 0) {
      first.push(
        finding(toPosix(path.relative(roots[0], ruleset)), 0, 'the PMD ruleset selects no rule')
      );
      return byRoot;
    }
    const results = await analyzer.run(rules, { workspace });
    for (const violation of results.getViolations()) {
      const location = violation.getCodeLocations()[violation.getPrimaryLocationIndex()];
      const located = location.getFile();
      const root = located ? roots.find((r) => located.startsWith(r + path.sep)) : undefined;
      const file = located && root ? toPosix(path.relative(root, located)) : (located ?? '.');
      const severity = violation.getRule().getSeverityLevel();
      (root ? (byRoot.get(root) as Finding[]) : first).push(
        finding(
          file,
          location.getStartLine() ?? 0,
          `${violation.getMessage().trim()} (PMD ${violation.getRule().getName()}, severity ${severity})`,
          severity <= 2 ? 'error' : 'warning'
        )
      );
    }
    return byRoot;
  } finally {
    rmSync(workingFolder, { recursive: true, force: true });
  }
}

function commonFolder(folders: string[]): string {
  let common = folders[0];
  while (!folders.every((f) => f === common || f.startsWith(common + path.sep))) {
    common = path.dirname(common);
  }
  return common;
}
