import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkLoad } from '../lib/bulk-load.js';
import { parseCsv } from '../lib/csv.js';
import type { BulkJobReport, OrgClient, Row } from '../lib/org-client.js';
import { writeSeedFiles } from '../lib/seed-run.js';

test('Bulk API load: parents first, lookups replaced by created ids, failed rows written beside the input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
  const files = await writeSeedFiles({
    messages: 400,
    seed: 'bulk',
    mode: 'two-object',
    incomingShare: 0.3,
    defaultCountry: 'US',
    outDir: dir,
    format: 'csv'
  });
  const uploads: { object: string; rows: Row[] }[] = [];
  let next = 0;
  const client: Partial<OrgClient> = {
    bulkInsert: async (object: string, csv: string): Promise<BulkJobReport> => {
      const [header, ...records] = parseCsv(csv);
      const rows = records.map((record) =>
        Object.fromEntries(header!.map((column, i) => [column, record[i] ?? '']))
      );
      uploads.push({ object, rows });
      const failures =
        object === 'SMSMagic__c'
          ? rows.slice(0, 2).map((row) => ({
              ...row,
              sf__Id: '',
              sf__Error:
                'INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: CreatedDate'
            }))
          : [];
      const successes = rows.slice(failures.length).map((row) => ({
        ...row,
        sf__Id: `${object.slice(0, 3)}${String(++next).padStart(12, '0')}`,
        sf__Created: 'true'
      }));
      return {
        object,
        jobId: `750${object}`,
        processed: rows.length,
        failed: failures.length,
        successes,
        failures
      };
    }
  };
  const reports = await bulkLoad(client as OrgClient, dir, files.csvFiles, () => {});
  assert.deepEqual(
    uploads.map((upload) => upload.object),
    ['Account', 'Contact', 'Lead', 'SMS_SenderId__c', 'SMSMagic__c', 'Incoming_SMS__c'],
    'one job per object, parents first'
  );
  const contactUpload = uploads.find((upload) => upload.object === 'Contact')!;
  assert.ok(
    contactUpload.rows.every(
      (row) => row.AccountId === '' || /^Acc\d{12}$/.test(row.AccountId as string)
    ),
    'AccountId holds created account ids'
  );
  const sms = uploads.find((upload) => upload.object === 'SMSMagic__c')!;
  const withContact = sms.rows.filter((row) => row.Contact__c !== '');
  assert.ok(withContact.length > 0);
  assert.ok(
    withContact.every((row) => /^Con\d{12}$/.test(row.Contact__c as string)),
    'Contact__c holds created contact ids, not emails'
  );
  const smsReport = reports.find((report) => report.object === 'SMSMagic__c')!;
  assert.equal(smsReport.failed, 2);
  assert.ok(smsReport.failedFile && existsSync(smsReport.failedFile));
  const failed = parseCsv(readFileSync(smsReport.failedFile, 'utf8'));
  assert.equal(failed[0]![0], 'sf__Error');
  assert.equal(failed.length, 3);
  assert.match(failed[1]![0]!, /CreatedDate/);
});
