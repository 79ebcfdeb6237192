/**
 * Opening an org for a project: the real schema, store, SOQL engine and Apex runtime of the
 * other emulator areas, the project's Apex loaded, and (for the local org) the store persisted
 * in a folder (`.localorg/` by default) between commands.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApexRuntime, Diagnostic, OrgSchema, RecordStore, SoqlEngine } from '../contracts.js';
import type { NativeClass } from '../apex/runtime-types.js';
import { loadSfdxProject, type SfdxProject } from '../runner/project.js';
import { Org, type OrgOptions, type OrgParts } from './org.js';

export const PERSIST_FORMAT = 1;
export const DEFAULT_PERSIST_DIR = '.localorg';

/** Builds the parts of an org from the project; tests pass fakes instead. */
export type PartsFactory = (project: SfdxProject) => Promise<OrgParts>;

/** The real areas, imported when first needed so that each can be developed on its own. */
export const realParts: PartsFactory = async (project) => {
  const schemaModule = (await import('../schema/index.js')) as {
    loadSchema(dir: string): OrgSchema;
  };
  const dataModule = (await importArea('data')) as {
    createRecordStore(schema: OrgSchema): RecordStore;
  };
  const soqlModule = (await importArea('soql')) as {
    createSoqlEngine(store: RecordStore): SoqlEngine;
  };
  const apexModule = (await importArea('apex')) as {
    createApexRuntime(schema: OrgSchema, natives: readonly NativeClass[]): ApexRuntime;
  };
  const libModule = (await importArea('apex/lib')) as { systemLibrary(): NativeClass[] };
  const schema = schemaModule.loadSchema(project.dir);
  const store = dataModule.createRecordStore(schema);
  const soql = soqlModule.createSoqlEngine(store);
  const runtime = apexModule.createApexRuntime(schema, libModule.systemLibrary());
  return { schema, store, soql, runtime };
};

async function importArea(area: string): Promise<unknown> {
  const specifier = `../${area}/index.js`;
  try {
    return await import(specifier);
  } catch (error) {
    throw new Error(
      `the emulator's ${area}/ area could not be loaded (${(error as Error).message.split('\n')[0]})`
    );
  }
}

export interface OpenOrgOptions extends OrgOptions {
  readonly projectDir: string;
  /** Folder of the persistent local org; null for an in-memory org (tests, the test runner). */
  readonly persistDir?: string | null;
  readonly parts?: PartsFactory;
}

export interface OpenedOrg {
  readonly org: Org;
  readonly project: SfdxProject;
  readonly diagnostics: readonly Diagnostic[];
  /** Where the store is saved, or null. */
  readonly persistDir: string | null;
  /** Writes the store to persistDir (no-op for an in-memory org). */
  save(): void;
}

export async function openOrg(options: OpenOrgOptions): Promise<OpenedOrg> {
  const project = loadSfdxProject(options.projectDir);
  const parts = await (options.parts ?? realParts)(project);
  const diagnostics = parts.runtime.load(
    project.apexFiles.map((f) => ({ path: f.path, source: f.source }))
  );
  const org = new Org(parts, options);
  const persistDir =
    options.persistDir === undefined || options.persistDir === null
      ? null
      : resolve(project.dir, options.persistDir);
  const storeFile = persistDir ? join(persistDir, 'store.json') : null;
  if (storeFile && existsSync(storeFile)) {
    const meta = readMeta(persistDir!);
    if (meta.format !== PERSIST_FORMAT) {
      throw new Error(
        `${persistDir} was written by another emulator format (${meta.format}); run reset`
      );
    }
    parts.store.loadJson(JSON.parse(readFileSync(storeFile, 'utf8')));
    org.adopt(project.apexFiles);
  } else {
    org.seed(project.apexFiles);
  }
  const save = () => {
    if (!persistDir || !storeFile) return;
    mkdirSync(persistDir, { recursive: true });
    const tmp = `${storeFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(parts.store.toJson()));
    renameSync(tmp, storeFile);
    writeFileSync(
      join(persistDir, 'org.json'),
      JSON.stringify(
        { format: PERSIST_FORMAT, project: project.dir, savedAt: new Date().toISOString() },
        null,
        2
      )
    );
  };
  return { org, project, diagnostics, persistDir, save };
}

function readMeta(persistDir: string): { format: number } {
  const file = join(persistDir, 'org.json');
  if (!existsSync(file)) return { format: PERSIST_FORMAT };
  return JSON.parse(readFileSync(file, 'utf8')) as { format: number };
}

/** `reset`: forgets the local org (the next command starts from a new org). */
export function resetLocalOrg(projectDir: string, persistDir = DEFAULT_PERSIST_DIR): string {
  const dir = resolve(projectDir, persistDir);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
