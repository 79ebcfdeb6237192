import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError, Progress } from './cli.js';
import { CsvParser, csvRow } from './csv.js';
import { layoutOf } from './generator.js';
import type { BulkJobReport, OrgClient, Row } from './org-client.js';

/** Bulk API 2.0 takes up to 150 MB base64 per upload, about 100 MB of CSV: stay below it. */
export const MAX_JOB_BYTES = 90 * 1024 * 1024;

export interface LoadReport {
  readonly object: string;
  readonly jobs: string[];
  readonly rows: number;
  readonly failed: number;
  readonly failedFile: string | null;
}

/**
 * Loads the seed's CSV files into an org through Bulk API 2.0: objects in order (parents
 * first), one ingest job per object (more only when a file exceeds the upload limit).
 * Lookup columns hold the parent's natural key and are replaced by the ids the parent jobs
 * created; the failed rows of each object are written beside its CSV as
 * `<Object>.failed.csv` with the API's error.
 */
export async function bulkLoad(
  client: OrgClient,
  dir: string,
  files: readonly { object: string; rows: number }[],
  log: (line: string) => void = (line) => process.stdout.write(line + '\n')
): Promise<LoadReport[]> {
  const idsByObject = new Map<string, Map<string, string>>();
  const reports: LoadReport[] = [];
  for (const file of files) {
    if (file.rows === 0) continue;
    const layout = layoutOf(file.object);
    const lookups = Object.entries(layout.lookups ?? {}).map(([column, parent]) => {
      const index = layout.columns.indexOf(column);
      const ids = idsByObject.get(parent);
      if (!ids)
        throw new Error(
          `bulk load: ${file.object}.${column} needs ${parent}, which loads later or not at all`
        );
      return { column, index, parent, ids };
    });
    const progress = new Progress(`  ${file.object}`, file.rows);
    const naturalIndex = layout.naturalKeyColumn
      ? layout.columns.indexOf(layout.naturalKeyColumn)
      : -1;
    const created = new Map<string, string>();
    const failures: Row[] = [];
    const jobs: string[] = [];
    let sent = 0;
    let part = '';
    let partRows = 0;
    const header = csvRow(layout.columns);
    const flush = async (): Promise<void> => {
      if (partRows === 0) return;
      const report: BulkJobReport = await client.bulkInsert(file.object, header + part);
      jobs.push(report.jobId);
      for (const row of report.successes) {
        if (naturalIndex >= 0)
          created.set(String(row[layout.naturalKeyColumn as string] ?? ''), String(row.sf__Id));
      }
      failures.push(...report.failures);
      sent += partRows;
      progress.update(sent);
      part = '';
      partRows = 0;
    };
    const parser = new CsvParser();
    let isHeader = true;
    const handle = async (records: string[][]): Promise<void> => {
      for (const record of records) {
        if (isHeader) {
          isHeader = false;
          if (record.join(',') !== layout.columns.join(',')) {
            throw new CommandError(
              `${file.object}.csv has header ${record.join(',')}, expected ${layout.columns.join(',')}`
            );
          }
          continue;
        }
        for (const lookup of lookups) {
          const key = record[lookup.index] ?? '';
          if (key === '') continue;
          // a parent that failed to load leaves the lookup empty; the row still loads
          record[lookup.index] = lookup.ids.get(key) ?? '';
        }
        const line = csvRow(record);
        if (part.length + line.length > MAX_JOB_BYTES) await flush();
        part += line;
        partRows++;
      }
    };
    const path = join(dir, `${file.object}.csv`);
    for await (const chunk of createReadStream(path, {
      encoding: 'utf8',
      highWaterMark: 1 << 20
    })) {
      await handle(parser.push(chunk as string));
    }
    await handle(parser.end());
    await flush();
    idsByObject.set(file.object, created);
    let failedFile: string | null = null;
    if (failures.length > 0) {
      failedFile = join(dir, `${file.object}.failed.csv`);
      const columns = ['sf__Error', ...layout.columns];
      writeFileSync(
        failedFile,
        csvRow(columns) +
          failures.map((row) => csvRow(columns.map((column) => String(row[column] ?? '')))).join('')
      );
      log(
        `  ${file.object}: ${failures.length} of ${file.rows} rows failed; first error: ${String(failures[0]?.sf__Error)} (all in ${failedFile})`
      );
    }
    reports.push({
      object: file.object,
      jobs,
      rows: file.rows,
      failed: failures.length,
      failedFile
    });
  }
  return reports;
}
