import { createElement } from 'lwc';
import MigrationStepCard from 'c/migrationStepCard';

const idle = require('../../migrationLauncher/__tests__/data/launcherState.json');
const running = require('../../migrationLauncher/__tests__/data/launcherStateRunning.json');
const notReady = require('../../migrationLauncher/__tests__/data/readinessNotReady.json');
const runReport = require('../../migrationLauncher/__tests__/data/runReport.json');

const stepOf = (state, number) => state.steps.find((step) => step.step === number);

function render(props) {
  const element = createElement('c-migration-step-card', { is: MigrationStepCard });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

const button = (element, action) =>
  element.shadowRoot.querySelector(`lightning-button[data-action="${action}"]`);
const reason = (element, action) =>
  element.shadowRoot.querySelector(`[data-reason-for="${action}"]`).textContent;
const text = (element, selector) => element.shadowRoot.querySelector(selector).textContent;

// axe-core takes seconds on a busy machine: more than jest's default 5 s.
const A11Y_TIMEOUT_MS = 20000;

describe('c-migration-step-card', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows the checklist texts of the step', async () => {
    const element = render({ step: stepOf(idle, 4), launcher: idle });
    await Promise.resolve();
    expect(text(element, '.step-title')).toBe('Step 4: Update sender ids');
    expect(text(element, '.step-description')).toBe('What step 4 does.');
    expect(text(element, '.step-why')).toBe('Why run step 4.');
    expect(text(element, '.step-do-not-run')).toBe('When not to run step 4.');
    expect(text(element, '.step-after-run')).toBe(
      'Check that every sender id has the right Used For value; correct it by hand if not.'
    );
    expect(element.shadowRoot.querySelectorAll('.precaution')).toHaveLength(2);
    expect(text(element, '.prerequisites')).toBe('After step 3, step 5');
    expect(text(element, '.step-state')).toBe('Not run');
  });

  it('disables Run with the missing prerequisite next to it, and leaves Dry run on', async () => {
    const element = render({ step: stepOf(idle, 4), launcher: idle });
    await Promise.resolve();
    expect(button(element, 'run').disabled).toBe(true);
    expect(reason(element, 'run')).toBe('Run step 5 first.');
    expect(button(element, 'dryRun').disabled).toBe(false);
    expect(reason(element, 'dryRun')).toBe('');
    expect(button(element, 'readiness').disabled).toBe(false);
    expect(reason(element, 'readiness')).toBe('');
    expect(button(element, 'retry').disabled).toBe(true);
    expect(reason(element, 'retry')).toBe('No failed records to retry.');
  });

  it('disables Run after a failed readiness check and shows the checks', async () => {
    const element = render({ step: stepOf(idle, 5), launcher: idle, readiness: notReady });
    await Promise.resolve();
    expect(button(element, 'run').disabled).toBe(true);
    expect(reason(element, 'run')).toContain(
      'Not ready: No other automation on the objects written.'
    );
    expect(button(element, 'dryRun').disabled).toBe(false);
    expect(element.shadowRoot.querySelector('c-preflight-checklist').readiness).toEqual(notReady);
    expect(text(element, '.step-state')).toBe('Dry run done');
  });

  it('shows the last run and its counts', async () => {
    const element = render({ step: stepOf(idle, 2), launcher: idle });
    await Promise.resolve();
    expect(text(element, '.step-state')).toBe('Completed with errors');
    expect(text(element, '.last-run-title')).toBe('Last launch: Run, Completed With Errors');
    const counts = [...element.shadowRoot.querySelectorAll('.run-count')].map(
      (li) => li.textContent
    );
    expect(counts).toEqual([
      'Selected80',
      'Processed80',
      'Succeeded77',
      'Failed3',
      'Skipped0',
      'Duplicates0'
    ]);
    expect(text(element, '.open-errors')).toBe('3 open errors');
    expect(element.shadowRoot.querySelector('lightning-progress-bar')).toBeNull();
    expect(button(element, 'retry').disabled).toBe(false);
  });

  it('shows why a run failed or was stopped', async () => {
    const failed = render({ step: stepOf(idle, 6), launcher: idle });
    const stopped = render({ step: stepOf(idle, 7), launcher: idle });
    await Promise.resolve();
    expect(text(failed, '.step-state')).toBe('Failed');
    expect(text(failed, '.run-message')).toBe('First error: Apex CPU time limit exceeded');
    expect(text(stopped, '.step-state')).toBe('Stopped');
  });

  it('shows a progress bar with processed of total and failures while the step runs', async () => {
    const element = render({ step: stepOf(running, 3), launcher: running });
    await Promise.resolve();
    expect(text(element, '.step-state')).toBe('Running');
    const bar = element.shadowRoot.querySelector('lightning-progress-bar');
    expect(bar.value).toBe(40);
    expect(text(element, '.progress-label')).toBe('Processed 400 of 1000, 10 failed so far');
    expect(button(element, 'run').disabled).toBe(true);
    expect(reason(element, 'run')).toBe('This step is running.');
    expect(element.shadowRoot.querySelector('.report-button')).toBeNull();
  });

  it('tells other steps which step is running', async () => {
    const element = render({ step: stepOf(running, 2), launcher: running });
    await Promise.resolve();
    expect(reason(element, 'retry')).toBe('Wait: step 3 is running.');
  });

  it('fires stepaction with the step and the action of each button', async () => {
    const element = render({ step: stepOf(idle, 2), launcher: idle });
    const handler = jest.fn();
    element.addEventListener('stepaction', handler);
    await Promise.resolve();
    ['readiness', 'dryRun', 'run', 'retry'].forEach((action) => button(element, action).click());
    element.shadowRoot.querySelector('.report-button').click();
    expect(handler.mock.calls.map((call) => call[0].detail)).toEqual([
      { step: 2, action: 'readiness' },
      { step: 2, action: 'dryRun' },
      { step: 2, action: 'run' },
      { step: 2, action: 'retry' },
      { step: 2, action: 'report' }
    ]);
  });

  it('shows the report, hides it on request, and retries from it', async () => {
    const element = render({ step: stepOf(idle, 2), launcher: idle, report: runReport });
    const handler = jest.fn();
    element.addEventListener('stepaction', handler);
    await Promise.resolve();
    const report = element.shadowRoot.querySelector('c-migration-report');
    expect(report.report).toEqual(runReport);
    expect(report.retryDisabled).toBe(false);
    report.dispatchEvent(new CustomEvent('retryfailed', { detail: { step: 2 } }));
    const toggle = element.shadowRoot.querySelector('.report-button');
    expect(toggle.label).toBe('Hide report');
    toggle.click();
    expect(handler.mock.calls.map((call) => call[0].detail.action)).toEqual([
      'retry',
      'closeReport'
    ]);
  });

  it('disables every button while an action of the step is on its way', async () => {
    const element = render({ step: stepOf(idle, 2), launcher: idle, busy: true });
    await Promise.resolve();
    ['readiness', 'dryRun', 'run', 'retry'].forEach((action) =>
      expect(button(element, action).disabled).toBe(true)
    );
  });

  it(
    'is accessible',
    async () => {
      const element = render({ step: stepOf(idle, 5), launcher: idle, readiness: notReady });
      await Promise.resolve();
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );
});
