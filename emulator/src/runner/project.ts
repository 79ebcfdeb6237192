/**
 * An SFDX project on disk: its package directories (from sfdx-project.json) and the Apex
 * classes and triggers in them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';

export interface ApexSourceFile {
  /** Path relative to the project directory (what stacks and coverage show). */
  readonly path: string;
  readonly absolutePath: string;
  readonly source: string;
  readonly kind: 'class' | 'trigger';
  /** Class or trigger name (the file name without extension). */
  readonly name: string;
  /** From the -meta.xml: Active unless it says Inactive / Deleted. */
  readonly status: 'Active' | 'Inactive';
}

export interface SfdxProject {
  readonly dir: string;
  readonly packageDirectories: readonly string[];
  readonly apiVersion: string;
  readonly apexFiles: readonly ApexSourceFile[];
}

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.sf',
  '.sfdx',
  '.localorg',
  '__tests__',
  'lwc',
  'aura'
]);

export class ProjectError extends Error {
  override name = 'ProjectError';
}

export function loadSfdxProject(projectDir: string): SfdxProject {
  const dir = resolve(projectDir);
  const configPath = join(dir, 'sfdx-project.json');
  if (!existsSync(configPath))
    throw new ProjectError(`no sfdx-project.json in ${dir} (use --project DIR)`);
  let config: { packageDirectories?: { path?: string }[]; sourceApiVersion?: string };
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new ProjectError(`${configPath}: invalid JSON (${(error as Error).message})`);
  }
  const packageDirectories = (config.packageDirectories ?? [])
    .map((p) => p.path)
    .filter((p): p is string => typeof p === 'string');
  if (packageDirectories.length === 0)
    throw new ProjectError(`${configPath}: no packageDirectories`);
  const apexFiles: ApexSourceFile[] = [];
  const seen = new Set<string>();
  for (const pkg of packageDirectories) {
    const root = resolve(dir, pkg);
    if (!existsSync(root))
      throw new ProjectError(`${configPath}: package directory '${pkg}' does not exist`);
    for (const file of walk(root)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const kind = file.endsWith('.cls') ? 'class' : file.endsWith('.trigger') ? 'trigger' : null;
      if (!kind) continue;
      const base = file.slice(file.lastIndexOf('/') + 1);
      const name = base.slice(0, base.lastIndexOf('.'));
      apexFiles.push({
        path: relative(dir, file),
        absolutePath: file,
        source: readFileSync(file, 'utf8'),
        kind,
        name,
        status: readStatus(`${file}-meta.xml`)
      });
    }
  }
  apexFiles.sort((a, b) => a.path.localeCompare(b.path));
  return { dir, packageDirectories, apiVersion: config.sourceApiVersion ?? '62.0', apexFiles };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(entry)) continue;
    const full = join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory()) yield* walk(full);
    else yield full;
  }
}

function readStatus(metaPath: string): 'Active' | 'Inactive' {
  if (!existsSync(metaPath)) return 'Active';
  const match = /<status>\s*(\w+)\s*<\/status>/i.exec(readFileSync(metaPath, 'utf8'));
  return match && match[1].toLowerCase() !== 'active' ? 'Inactive' : 'Active';
}

/** `trigger Name on Object (before insert, after update)`: the object and events, for ApexTrigger rows. */
export function triggerHeader(source: string): { object: string; events: string[] } | null {
  const match = /\btrigger\s+\w+\s+on\s+([\w.]+)\s*\(([^)]*)\)/i.exec(
    source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
  );
  if (!match) return null;
  return {
    object: match[1],
    events: match[2].split(',').map((e) => e.trim().toLowerCase().replace(/\s+/g, ' '))
  };
}
