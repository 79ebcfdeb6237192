import { createElement } from 'lwc';
import MigrationReport, { ERROR_COLUMNS, FAILURE_COLUMNS } from 'c/migrationReport';

const dryRunReport = require('../../migrationLauncher/__tests__/data/dryRunReport.json');
const runReport = require('../../migrationLauncher/__tests__/data/runReport.json');

function render(props) {
  const element = createElement('c-migration-report', { is: MigrationReport });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

const tables = (element, selector) =>
  element.shadowRoot.querySelector(`${selector} lightning-datatable`);
const counts = (element) =>
  Object.fromEntries(
    [...element.shadowRoot.querySelectorAll('.count')].map((li) => [
      li.querySelector('.slds-text-title').textContent,
      li.querySelector('.count-value').textContent
    ])
  );

// axe-core takes seconds on a busy machine: more than jest's default 5 s.
const A11Y_TIMEOUT_MS = 20000;

describe('c-migration-report', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows a dry run report: counts by outcome, planned changes, failures and duplicates', async () => {
    const element = render({ report: dryRunReport });
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('.report-title').textContent).toBe(
      'Dry run report: step 5 (Completed)'
    );
    expect(element.shadowRoot.textContent).toContain('Nothing was written');
    expect(counts(element)).toEqual({
      Selected: '40',
      Processed: '40',
      'Would change': '36',
      'Would fail': '2',
      Skipped: '1',
      Duplicates: '1',
      'Matched by legacy lookup': '12'
    });
    expect(tables(element, '.changes').data).toEqual(dryRunReport.changes);
    expect(tables(element, '.failures').data).toEqual(dryRunReport.failures);
    expect(tables(element, '.failures').columns).toEqual(FAILURE_COLUMNS);
    expect(tables(element, '.duplicates').data).toEqual(dryRunReport.duplicates);
    expect(element.shadowRoot.textContent).toContain('Planned changes (first 2)');
    expect(element.shadowRoot.textContent).toContain('Records that would fail (first 2)');
  });

  it('lists open errors with record links, status code and message', async () => {
    const element = render({ report: runReport });
    await Promise.resolve();
    const errors = tables(element, '.errors');
    expect(errors.data).toEqual(runReport.openErrors);
    expect(errors.columns).toEqual(ERROR_COLUMNS);
    const fields = ERROR_COLUMNS.map((column) => column.fieldName);
    expect(fields).toEqual(
      expect.arrayContaining(['recordUrl', 'statusCode', 'message', 'attempts'])
    );
    expect(ERROR_COLUMNS[0]).toMatchObject({
      type: 'url',
      typeAttributes: { label: { fieldName: 'recordId' } }
    });
    expect(element.shadowRoot.querySelector('.errors-title').textContent).toBe(
      'Open errors of step 2: 3 (the 2 latest shown)'
    );
    expect(element.shadowRoot.querySelector('.report-title').textContent).toBe(
      'Run report: step 2 (Completed With Errors)'
    );
    expect(counts(element).Changed).toBe('77');
    expect(tables(element, '.changes')).toBeNull();
  });

  it('fires retryfailed with the step when Retry failed is clicked', async () => {
    const element = render({ report: runReport });
    const handler = jest.fn();
    element.addEventListener('retryfailed', handler);
    await Promise.resolve();
    element.shadowRoot.querySelector('.retry-button').click();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][0].detail).toEqual({ step: 2 });
  });

  it('disables Retry failed with the reason next to it', async () => {
    const element = render({
      report: runReport,
      retryDisabled: true,
      retryDisabledReason: 'Wait: step 3 is running.'
    });
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('.retry-button').disabled).toBe(true);
    expect(element.shadowRoot.querySelector('.retry-reason').textContent).toBe(
      'Wait: step 3 is running.'
    );
  });

  it('says when the step has no open errors and shows a run with no report yet', async () => {
    const element = render({
      report: {
        run: {
          ...runReport.run,
          status: 'Failed',
          message: 'First error: Apex CPU time limit exceeded'
        },
        tallies: [],
        changes: [],
        failures: [],
        duplicates: [],
        openErrors: [],
        openErrorCount: 0
      }
    });
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('.no-errors').textContent).toBe(
      'Step 2 has no open errors.'
    );
    expect(element.shadowRoot.querySelector('.run-message').textContent).toBe(
      'First error: Apex CPU time limit exceeded'
    );
    expect(element.shadowRoot.querySelectorAll('lightning-datatable')).toHaveLength(0);
  });

  it(
    'is accessible',
    async () => {
      const element = render({ report: dryRunReport });
      await Promise.resolve();
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );
});
