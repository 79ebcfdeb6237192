import { LightningElement, api } from 'lwc';

const RECORD_COLUMN = {
  label: 'Record',
  fieldName: 'recordUrl',
  type: 'url',
  typeAttributes: { label: { fieldName: 'recordId' }, target: '_blank' }
};
const OBJECT_COLUMN = { label: 'Object', fieldName: 'objectName', type: 'text' };
const STATUS_CODE_COLUMN = { label: 'Status code', fieldName: 'statusCode', type: 'text' };
const MESSAGE_COLUMN = { label: 'Message', fieldName: 'message', type: 'text', wrapText: true };

export const CHANGE_COLUMNS = [
  RECORD_COLUMN,
  OBJECT_COLUMN,
  { label: 'Change', fieldName: 'detail', type: 'text', wrapText: true }
];
export const FAILURE_COLUMNS = [RECORD_COLUMN, OBJECT_COLUMN, STATUS_CODE_COLUMN, MESSAGE_COLUMN];
export const DUPLICATE_COLUMNS = [
  RECORD_COLUMN,
  { label: 'Duplicate of', fieldName: 'detail', type: 'text', wrapText: true }
];
export const ERROR_COLUMNS = [
  RECORD_COLUMN,
  OBJECT_COLUMN,
  STATUS_CODE_COLUMN,
  MESSAGE_COLUMN,
  { label: 'Attempts', fieldName: 'attempts', type: 'number', initialWidth: 100 },
  {
    label: 'Last attempt',
    fieldName: 'lastAttempt',
    type: 'date',
    typeAttributes: {
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit'
    }
  }
];

/**
 * A run's report (dry run, run, retry or rebuild): counts by outcome, the sample of changes
 * made or planned, failures and duplicates, and the open errors of the step with Retry failed.
 * Fires `retryfailed` when the admin asks to retry.
 */
export default class MigrationReport extends LightningElement {
  /** The controller's RunReport. */
  @api report;
  /** Whether Retry failed is refused, and why. */
  @api retryDisabled = false;
  @api retryDisabledReason = '';

  changeColumns = CHANGE_COLUMNS;
  failureColumns = FAILURE_COLUMNS;
  duplicateColumns = DUPLICATE_COLUMNS;
  errorColumns = ERROR_COLUMNS;

  get run() {
    return (this.report && this.report.run) || {};
  }

  get isDryRun() {
    return this.run.mode === 'Dry Run';
  }

  get title() {
    const kind = this.isDryRun ? 'Dry run report' : `${this.run.mode || 'Run'} report`;
    return `${kind}: step ${this.run.step} (${this.run.status})`;
  }

  get intro() {
    return this.isDryRun
      ? 'Nothing was written: this is what a run would do.'
      : 'What the run did.';
  }

  get counts() {
    const run = this.run;
    const base = [
      { key: 'selected', label: 'Selected', count: run.selected },
      { key: 'processed', label: 'Processed', count: run.processed },
      {
        key: 'succeeded',
        label: this.isDryRun ? 'Would change' : 'Changed',
        count: run.succeeded
      },
      { key: 'failed', label: this.isDryRun ? 'Would fail' : 'Failed', count: run.failed },
      { key: 'skipped', label: 'Skipped', count: run.skipped },
      { key: 'duplicates', label: 'Duplicates', count: run.duplicates }
    ];
    const tallies = ((this.report && this.report.tallies) || []).map((tally, index) => ({
      key: `tally-${index}`,
      label: tally.label,
      count: tally.count
    }));
    return [...base, ...tallies].map((entry) => ({ ...entry, count: entry.count || 0 }));
  }

  get runMessage() {
    return this.run.message;
  }

  get changes() {
    return (this.report && this.report.changes) || [];
  }

  get failures() {
    return (this.report && this.report.failures) || [];
  }

  get duplicates() {
    return (this.report && this.report.duplicates) || [];
  }

  get openErrors() {
    return (this.report && this.report.openErrors) || [];
  }

  get hasChanges() {
    return this.changes.length > 0;
  }

  get hasFailures() {
    return this.failures.length > 0;
  }

  get hasDuplicates() {
    return this.duplicates.length > 0;
  }

  get hasOpenErrors() {
    return this.openErrors.length > 0;
  }

  get changesTitle() {
    return this.isDryRun
      ? `Planned changes (first ${this.changes.length})`
      : `Changes (first ${this.changes.length})`;
  }

  get failuresTitle() {
    return this.isDryRun
      ? `Records that would fail (first ${this.failures.length})`
      : `Failures in this run (first ${this.failures.length})`;
  }

  get errorsTitle() {
    const total = (this.report && this.report.openErrorCount) || 0;
    const shown = this.openErrors.length;
    return shown < total
      ? `Open errors of step ${this.run.step}: ${total} (the ${shown} latest shown)`
      : `Open errors of step ${this.run.step}: ${total}`;
  }

  get noOpenErrors() {
    return `Step ${this.run.step} has no open errors.`;
  }

  handleRetry() {
    this.dispatchEvent(new CustomEvent('retryfailed', { detail: { step: this.run.step } }));
  }
}
