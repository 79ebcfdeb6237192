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
  const targets = listSourceFiles(root)
    .filter(isApexSource)
    .map((f) => path.join(root, f));
  if (targets.length === 0) return [];
  const workingFolder = mkdtempSync(path.join(os.tmpdir(), 'converse-pmd-'));
  try {
    const config = CodeAnalyzerConfig.fromObject(
      {
        config_root: root,
        log_folder: workingFolder,
        root_working_folder: workingFolder,
        engines: {
          pmd: { custom_rulesets: [ruleset], rule_languages: ['apex'] },
          cpd: { disable_engine: true }
        }
      },
      root
    );
    const analyzer = new CodeAnalyzer(config);
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(targets);
    const rules = await analyzer.selectRules([`pmd:${RULESET_TAG}`], { workspace });
    if (rules.getCount() === 0) {
      return [finding(toPosix(path.relative(root, ruleset)), 0, 'the PMD ruleset selects no rule')];
    }
    const results = await analyzer.run(rules, { workspace });
    const findings: Finding[] = [];
    for (const violation of results.getViolations()) {
      const location = violation.getCodeLocations()[violation.getPrimaryLocationIndex()];
      const located = location.getFile();
      const file = located ? toPosix(path.relative(root, located)) : '.';
      const severity = violation.getRule().getSeverityLevel();
      findings.push(
        finding(
          file,
          location.getStartLine() ?? 0,
          `${violation.getMessage().trim()} (PMD ${violation.getRule().getName()}, severity ${severity})`,
          severity <= 2 ? 'error' : 'warning'
        )
      );
    }
    return findings;
  } finally {
    rmSync(workingFolder, { recursive: true, force: true });
  }
}
