/**
 * Stage 1: Prettier. Every Apex, LWC, metadata XML, TypeScript and JavaScript file of the
 * project must be formatted as Prettier (with the repo's .prettierrc) would format it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as prettier from 'prettier';
import { finding, listProjectFiles, readIfPresent, type Finding } from './lib.js';

/** Which files the formatting check covers. */
export function isFormattedKind(file: string): boolean {
  if (/\.(cls|trigger|ts|js|mjs|cjs)$/.test(file)) return true;
  if (file.endsWith('-meta.xml')) return true;
  return /(^|\/)lwc\/.+\.(html|css)$/.test(file);
}

export interface PrettierOptions {
  /** Rewrite unformatted files instead of reporting them. */
  fix?: boolean;
}

const REPO_CONFIG = path.resolve(__dirname, '..', '..', '.prettierrc');
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/converse-checks');

async function repoConfig(): Promise<prettier.Options> {
  const config = (await prettier.resolveConfig(REPO_CONFIG, { config: REPO_CONFIG })) ?? {};
  const fromRepo = createRequire(REPO_CONFIG);
  const plugins = (config.plugins ?? []).map((p) =>
    typeof p === 'string' ? fromRepo.resolve(p) : p
  );
  return { ...config, plugins };
}

export async function checkFormatting(
  root: string,
  options: PrettierOptions = {}
): Promise<Finding[]> {
  const ignoreFile = path.join(root, '.prettierignore');
  const ignorePath = existsSync(ignoreFile) ? [ignoreFile] : [];
  const findings: Finding[] = [];
  const cache = new FormattedCache(root);
  for (const file of listProjectFiles(root).filter(isFormattedKind)) {
    const absolute = path.join(root, file);
    const source = readIfPresent(absolute);
    if (source === undefined) continue;
    // The project's own Prettier config, else the repo's (a project folder outside the repo).
    const config = (await prettier.resolveConfig(absolute)) ?? (await repoConfig());
    const info = await prettier.getFileInfo(absolute, { ignorePath, plugins: config.plugins });
    if (info.ignored) continue;
    if (!info.inferredParser) {
      findings.push(finding(file, 0, 'Prettier has no parser for this file'));
      continue;
    }
    const key = cache.key(source, config, info.inferredParser);
    if (cache.isFormatted(file, key)) continue;
    let formatted: string;
    try {
      formatted = await prettier.format(source, { ...config, filepath: absolute });
    } catch (error) {
      const line = (error as { loc?: { start?: { line?: number } } }).loc?.start?.line;
      const message = (error as Error).message.split('\n')[0];
      findings.push(
        finding(
          file,
          Number.isFinite(line) ? Number(line) : 0,
          `Prettier cannot parse it: ${message}`
        )
      );
      continue;
    }
    if (formatted === source) {
      cache.markFormatted(file, key);
      continue;
    }
    if (options.fix) {
      writeFileSync(absolute, formatted);
      continue;
    }
    findings.push(
      finding(file, firstDifferentLine(source, formatted), 'not formatted (run: npm test -- --fix)')
    );
  }
  cache.save();
  return findings;
}

/**
 * Files known to be formatted, by a hash of their text, the Prettier config and version, kept
 * in node_modules/.cache so a rerun formats only what changed (a fresh clone formats all).
 */
class FormattedCache {
  /** Undefined for a project outside the repo (a temporary copy): no cache. */
  private readonly file: string | undefined;
  private readonly entries: Record<string, string> = {};
  private readonly next: Record<string, string> = {};

  constructor(root: string) {
    const absolute = path.resolve(root);
    if (!absolute.startsWith(REPO_ROOT + path.sep) && absolute !== REPO_ROOT) return;
    const id = createHash('sha1').update(absolute).digest('hex').slice(0, 12);
    this.file = path.join(CACHE_DIR, `prettier-${id}.json`);
    try {
      this.entries = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      this.entries = {};
    }
  }

  key(source: string, config: prettier.Options, parser: string): string {
    return createHash('sha1')
      .update(prettier.version)
      .update(JSON.stringify(config))
      .update(parser)
      .update(source)
      .digest('hex');
  }

  isFormatted(file: string, key: string): boolean {
    if (this.entries[file] !== key) return false;
    this.next[file] = key;
    return true;
  }

  markFormatted(file: string, key: string): void {
    this.next[file] = key;
  }

  save(): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(this.next));
    } catch {
      // a cache that cannot be written only costs time on the next run
    }
  }
}

/** 1-based number of the first line where the two texts differ. */
export function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const count = Math.max(left.length, right.length);
  for (let i = 0; i < count; i++) if (left[i] !== right[i]) return i + 1;
  return 1;
}
