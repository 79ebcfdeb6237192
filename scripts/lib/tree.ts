import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `sf data tree import` plan files: one plan (`plan.json`) listing, per object in
 * load order, record files of at most `recordsPerFile` records (the tree import sends one
 * file per request; the platform accepts up to 200 records per request). Lookups are
 * written as `@referenceId` and resolved by the importer (`resolveRefs`).
 */
export type TreeValue = string | number | boolean | null;

export interface TreeRecord {
  readonly referenceId: string;
  readonly fields: Readonly<Record<string, TreeValue>>;
}

export interface PlanEntry {
  sobject: string;
  saveRefs: boolean;
  resolveRefs: boolean;
  files: string[];
}

export const TREE_RECORDS_PER_FILE = 200;

export class TreePlanWriter {
  private readonly entries: PlanEntry[] = [];
  private readonly pending = new Map<string, TreeRecord[]>();
  private readonly fileCount = new Map<string, number>();

  constructor(
    readonly dir: string,
    readonly recordsPerFile = TREE_RECORDS_PER_FILE
  ) {}

  /** Declares an object; objects load in declaration order (parents first). */
  declare(sobject: string): void {
    if (this.entries.some((entry) => entry.sobject === sobject)) return;
    this.entries.push({ sobject, saveRefs: true, resolveRefs: true, files: [] });
    this.pending.set(sobject, []);
    this.fileCount.set(sobject, 0);
  }

  add(sobject: string, record: TreeRecord): void {
    const batch = this.pending.get(sobject);
    if (!batch) throw new Error(`tree plan: object ${sobject} was not declared`);
    batch.push(record);
    if (batch.length >= this.recordsPerFile) this.flushObject(sobject);
  }

  /** Writes the remaining records and plan.json; returns the plan path. */
  close(): string {
    for (const entry of this.entries) this.flushObject(entry.sobject);
    const planPath = join(this.dir, 'plan.json');
    const plan = this.entries.filter((entry) => entry.files.length > 0);
    writeFileSync(planPath, JSON.stringify(plan, null, 2) + '\n');
    return planPath;
  }

  private flushObject(sobject: string): void {
    const batch = this.pending.get(sobject);
    const entry = this.entries.find((candidate) => candidate.sobject === sobject);
    if (!batch || !entry || batch.length === 0) return;
    const index = (this.fileCount.get(sobject) ?? 0) + 1;
    this.fileCount.set(sobject, index);
    const fileName = `${sobject}-${String(index).padStart(4, '0')}.json`;
    const records = batch.map((record) => ({
      attributes: { type: sobject, referenceId: record.referenceId },
      ...record.fields
    }));
    writeFileSync(join(this.dir, fileName), JSON.stringify({ records }, null, 2) + '\n');
    entry.files.push(fileName);
    this.pending.set(sobject, []);
  }
}

/** The lookup value of a tree record: `@referenceId`. */
export function treeRef(referenceId: string): string {
  return `@${referenceId}`;
}
