/**
 * Shared types and helpers of the `npm test` checks. Every stage is a function that takes a
 * project root and returns findings, so each stage can run over a fixture project in a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** error: fails the stage. warning: printed and counted, does not fail. note: printed only. */
export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line; 0 when the finding is about the whole file or project. */
  line: number;
  message: string;
  severity: Severity;
}

export interface StageOutcome {
  findings: Finding[];
  /** Set when the stage could not run (a missing part of the project): counted as not run. */
  notRun?: string;
  /** Set when there was nothing to check (e.g. no LWC yet): counted as skipped. */
  skipped?: string;
  /** Output of a tool worth showing as is (the tail of a failing test run). */
  output?: string;
  /** One line of figures for the stage line (e.g. how many queries were checked). */
  summary?: string;
}

export function finding(
  file: string,
  line: number,
  message: string,
  severity: Severity = 'error'
): Finding {
  return { file: toPosix(file), line, message, severity };
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

export function formatFinding(f: Finding): string {
  const tag = f.severity === 'error' ? '' : `${f.severity}: `;
  return `${f.file}:${f.line}: ${tag}${f.message}`;
}

export function errorsIn(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '.localorg', 'coverage']);

/**
 * The project's files, relative to `root`: git's tracked and untracked-but-not-ignored files
 * when `root` is inside a git work tree (so work not yet committed is checked too), else a
 * plain walk that skips tool folders.
 */
export function listProjectFiles(root: string): string[] {
  let files: string[];
  try {
    const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore']
    });
    files = out.split('\0').filter((f) => f.length > 0);
  } catch {
    files = walk(root, '');
  }
  return [...new Set(files)]
    .filter((f) => {
      const full = path.join(root, f);
      return existsSync(full) && statSync(full).isFile();
    })
    .map(toPosix)
    .sort();
}

function walk(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/** The SFDX package directories of the project at `root` (from sfdx-project.json). */
export function packageDirectories(root: string): string[] {
  const projectFile = path.join(root, 'sfdx-project.json');
  if (!existsSync(projectFile)) return ['force-app'];
  const project = JSON.parse(readFileSync(projectFile, 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  return (project.packageDirectories ?? []).map((d) => toPosix(d.path).replace(/\/$/, ''));
}

/** Files under the package directories only (what gets deployed). */
export function listSourceFiles(root: string): string[] {
  const dirs = packageDirectories(root);
  return listProjectFiles(root).filter((f) => dirs.some((d) => f.startsWith(`${d}/`)));
}

export function isApexSource(file: string): boolean {
  return file.endsWith('.cls') || file.endsWith('.trigger');
}

/**
 * A file's text, or undefined when it vanished since it was listed (other work in the same
 * tree creates and deletes temporary files while the checks run).
 */
export function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** 1-based line of character `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
