/**
 * A disk cache of the loaded IR, keyed by a hash of everything the translation depends on: the
 * files (paths and contents), the classes already loaded, the schema's object names, the
 * native class names and the front end's own source. Parsing is the slow part of a load (the
 * ANTLR parser's warm-up), so a run over unchanged sources skips it entirely.
 *
 * Location: `$EMULATOR_CACHE_DIR`, else `.emulator-cache/` in the working directory (git-ignored).
 * `EMULATOR_NO_CACHE=1` turns it off.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  existsSync,
  readdirSync,
  statSync,
  rmSync
} from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../contracts.js';
import { ApexDouble, Decimal } from '../values.js';
import { scaleOf, withScale } from './lib/decimal-scale.js';
import type { FileUnit } from './ir.js';

const FORMAT = 1;

let frontEndVersion: string | null = null;

/** A hash of the front end and IR sources: a change to the translator invalidates the cache. */
function versionOfFrontEnd(): string {
  if (frontEndVersion) return frontEndVersion;
  // This module's folder (CommonJS under tsx); the cache key only needs the sources' bytes.
  const here = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'emulator/src/apex');
  const hash = createHash('sha256');
  for (const name of ['frontend.ts', 'ir.ts', 'ir-cache.ts']) {
    const path = join(here, name);
    hash.update(existsSync(path) ? readFileSync(path) : name);
  }
  frontEndVersion = hash.digest('hex');
  return frontEndVersion;
}

export interface CacheContext {
  readonly files: readonly { path: string; source: string }[];
  readonly loadedClasses: readonly string[];
  readonly objectNames: readonly string[];
  readonly nativeNames: readonly string[];
}

export interface CachedLoad {
  readonly units: FileUnit[];
  readonly diagnostics: Diagnostic[];
}

function cacheDir(): string | null {
  if (process.env.EMULATOR_NO_CACHE === '1') return null;
  return process.env.EMULATOR_CACHE_DIR ?? join(process.cwd(), '.emulator-cache');
}

export function cacheKey(ctx: CacheContext): string {
  const hash = createHash('sha256');
  hash.update(`v${FORMAT}\0${versionOfFrontEnd()}\0`);
  for (const f of ctx.files) hash.update(`${f.path}\0${f.source}\0`);
  hash.update(`classes\0${ctx.loadedClasses.join(',')}\0`);
  hash.update(`objects\0${ctx.objectNames.join(',')}\0`);
  hash.update(`natives\0${ctx.nativeNames.join(',')}\0`);
  return hash.digest('hex');
}

export function readCache(key: string): CachedLoad | null {
  const dir = cacheDir();
  if (!dir) return null;
  const path = join(dir, `ir-${key}.json`);
  if (!existsSync(path)) return null;
  try {
    return decode(JSON.parse(readFileSync(path, 'utf8'))) as CachedLoad;
  } catch {
    return null; // a damaged entry is ignored and rewritten
  }
}

export function writeCache(key: string, value: CachedLoad): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `ir-${key}.json`);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(encode(value)));
    renameSync(tmp, path);
    prune(dir);
  } catch {
    // A read-only checkout still runs, only without the cache.
  }
}

const MAX_ENTRIES = 300;

/** Keeps the newest entries only. */
function prune(dir: string): void {
  const entries = readdirSync(dir).filter((f) => f.startsWith('ir-') && f.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES))
    rmSync(join(dir, f), { force: true });
}

/** Runtime caches that must not be persisted. */
const SKIP = new Set(['hits', 'ownerCls']);

export function encode(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return { $b: value.toString() };
  if (value === undefined) return { $u: 1 };
  if (value instanceof Decimal) return { $d: value.toString(), s: scaleOf(value) };
  if (value instanceof ApexDouble) return { $f: value.value };
  if (value instanceof Map) return { $m: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $s: [...value].map(encode) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (!SKIP.has(k) && v !== undefined) out[k] = encode(v);
    return out;
  }
  throw new Error(`ir-cache: cannot encode ${typeof value}`);
}

export function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const o = value as Record<string, unknown>;
  if ('$b' in o) return BigInt(o.$b as string);
  if ('$u' in o) return undefined;
  if ('$d' in o) return withScale(new Decimal(o.$d as string), o.s as number);
  if ('$f' in o) return new ApexDouble(o.$f as number);
  if ('$m' in o)
    return new Map((o.$m as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
  if ('$s' in o) return new Set((o.$s as unknown[]).map(decode));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decode(v);
  return out;
}
