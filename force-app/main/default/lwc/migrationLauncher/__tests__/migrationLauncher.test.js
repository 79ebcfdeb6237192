import { createElement } from 'lwc';
import MigrationLauncher, { POLL_INTERVAL_MS } from 'c/migrationLauncher';
import getLauncherState from '@salesforce/apex/MigrationLauncherController.getLauncherState';
import refreshLauncherState from '@salesforce/apex/MigrationLauncherController.refreshLauncherState';
import checkReadiness from '@salesforce/apex/MigrationLauncherController.checkReadiness';
import startDryRun from '@salesforce/apex/MigrationLauncherController.startDryRun';
import startRun from '@salesforce/apex/MigrationLauncherController.startRun';
import startRetry from '@salesforce/apex/MigrationLauncherController.startRetry';
import startRebuild from '@salesforce/apex/MigrationLauncherController.startRebuild';
import startRebuildDryRun from '@salesforce/apex/MigrationLauncherController.startRebuildDryRun';
import getRunReport from '@salesforce/apex/MigrationLauncherController.getRunReport';

const idle = require('./data/launcherState.json');
const running = require('./data/launcherStateRunning.json');
const finished = require('./data/launcherStateFinished.json');
const notReady = require('./data/readinessNotReady.json');
const dryRunReport = require('./data/dryRunReport.json');
const runReport = require('./data/runReport.json');

jest.mock(
  '@salesforce/apex/MigrationLauncherController.getLauncherState',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.refreshLauncherState',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.checkReadiness',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.startDryRun',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock('@salesforce/apex/MigrationLauncherController.startRun', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/MigrationLauncherController.startRetry',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.startRebuild',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.startRebuildDryRun',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/apex/MigrationLauncherController.getRunReport',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);

async function flushPromises() {
  for (let i = 0; i < 10; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render() {
  const element = createElement('c-migration-launcher', { is: MigrationLauncher });
  document.body.appendChild(element);
  return element;
}

async function renderWith(state) {
  const element = render();
  getLauncherState.emit(state);
  await flushPromises();
  return element;
}

const cards = (element) => [...element.shadowRoot.querySelectorAll('c-migration-step-card')];
const cardOf = (element, step) => cards(element).find((card) => card.step.step === step);
const act = async (element, step, action) => {
  cardOf(element, step).dispatchEvent(new CustomEvent('stepaction', { detail: { step, action } }));
  await flushPromises();
};
const errorPanel = (element) => element.shadowRoot.querySelector('c-error-panel');
const text = (element, selector) => element.shadowRoot.querySelector(selector).textContent;

// axe-core takes seconds on a busy machine: more than jest's default 5 s.
const A11Y_TIMEOUT_MS = 20000;

describe('c-migration-launcher', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('shows a spinner until the state arrives', () => {
    const element = render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(cards(element)).toHaveLength(0);
  });

  it('shows the nine steps in order with the global state on top', async () => {
    const element = await renderWith(idle);
    expect(cards(element).map((card) => card.step.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(cardOf(element, 4).launcher).toEqual(idle);
    const flags = [...element.shadowRoot.querySelectorAll('.setting-flag')].map(
      (li) => li.textContent
    );
    expect(flags).toEqual([
      'Is Data Migration Accessible: On',
      'Use Single Message Object: On',
      'Enable Incoming Notification: On',
      'Allow to send message as Record Owner: Off',
      'Mark every migrated incoming message unread: Off'
    ]);
    expect(text(element, '.setting-country')).toBe('Default country: US');
    expect(text(element, '.setting-length')).toBe('Max SMS text length: 918');
    expect(element.shadowRoot.querySelector('.settings-link').href).toBe(idle.settings.manageUrl);
    expect(text(element, '.who-may-run')).toBe(idle.whoMayRun);
    expect(text(element, '.you-may-run')).toBe('You may run the migration.');
    expect(text(element, '.running-text')).toBe('No migration job is running.');
    expect(element.shadowRoot.querySelector('.active-progress')).toBeNull();
    expect(refreshLauncherState).not.toHaveBeenCalled();
  });

  it('tells a user without the permission that they may not run it', async () => {
    const element = await renderWith({ ...idle, canRun: false });
    expect(text(element, '.you-may-run')).toBe(
      'You may not run the migration: ask for the Converse Admin permission set.'
    );
    expect(element.shadowRoot.querySelector('.rebuild-button').disabled).toBe(true);
    expect(text(element, '.rebuild-reason')).toContain('Run Converse Migration permission');
  });

  it('shows a load failure in the error panel, in words', async () => {
    const element = render();
    getLauncherState.error({
      message: 'You do not have access to the Apex class named MigrationLauncherController.'
    });
    await flushPromises();
    const panel = errorPanel(element);
    expect(panel.friendlyMessage).toBe('The migration status could not be loaded');
    expect(panel.errors.body.message).toBe(
      'You do not have access to the Apex class named MigrationLauncherController.'
    );
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
  });

  it('checks readiness and hands the checks to the step', async () => {
    checkReadiness.mockResolvedValue(notReady);
    const element = await renderWith(idle);
    await act(element, 5, 'readiness');
    expect(checkReadiness).toHaveBeenCalledWith({ step: 5 });
    expect(cardOf(element, 5).readiness).toEqual(notReady);
    expect(cardOf(element, 4).readiness).toBeNull();
  });

  it('launches a run, polls progress without reloading, stops when done and opens the report', async () => {
    startRun.mockResolvedValue('a0S000000000033AAA');
    refreshLauncherState
      .mockResolvedValueOnce(running)
      .mockResolvedValueOnce(running)
      .mockResolvedValue(finished);
    getRunReport.mockResolvedValue(runReport);
    const element = await renderWith(idle);

    await act(element, 3, 'run');
    expect(startRun).toHaveBeenCalledWith({ step: 3 });
    expect(refreshLauncherState).toHaveBeenCalledTimes(1);
    expect(text(element, '.notice')).toBe('Step 3 started.');
    expect(text(element, '.running-text')).toBe(
      'Step 3 (Run) is running: 400 of 1000 processed, 10 failed so far.'
    );
    expect(element.shadowRoot.querySelector('.active-progress').value).toBe(40);
    expect(cardOf(element, 3).launcher.activeRun.processed).toBe(400);

    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(2);
    expect(getRunReport).not.toHaveBeenCalled();

    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(3);
    expect(text(element, '.running-text')).toBe('No migration job is running.');
    expect(getRunReport).toHaveBeenCalledWith({ stepRunId: 'a0S000000000033AAA' });
    expect(cardOf(element, 3).report).toEqual(runReport);

    jest.advanceTimersByTime(POLL_INTERVAL_MS * 5);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(3);
  });

  it('launches a dry run and a retry with the step', async () => {
    startDryRun.mockResolvedValue('a0S000000000099AAA');
    startRetry.mockResolvedValue('a0S000000000098AAA');
    refreshLauncherState.mockResolvedValue(idle);
    const element = await renderWith(idle);
    await act(element, 5, 'dryRun');
    await act(element, 2, 'retry');
    expect(startDryRun).toHaveBeenCalledWith({ step: 5 });
    expect(startRetry).toHaveBeenCalledWith({ step: 2 });
  });

  it('follows a job that was already running when the page opened, and stops when it leaves', async () => {
    refreshLauncherState.mockResolvedValue(running);
    const element = await renderWith(running);
    expect(text(element, '.running-text')).toContain('Step 3 (Run) is running');
    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(1);
    document.body.removeChild(element);
    jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(1);
  });

  it('stops polling and says so when progress cannot be read', async () => {
    refreshLauncherState.mockRejectedValue({
      body: { message: 'Insufficient access to Migration Step Run.' }
    });
    const element = await renderWith(running);
    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    expect(errorPanel(element).friendlyMessage).toBe(
      'The progress of the migration could not be read'
    );
    jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
    await flushPromises();
    expect(refreshLauncherState).toHaveBeenCalledTimes(1);
  });

  it('shows a refused launch in the error panel, in words', async () => {
    startRun.mockRejectedValue({
      body: { message: 'Step 4 was not started: another migration job is running (step 3).' }
    });
    const element = await renderWith(idle);
    await act(element, 4, 'run');
    const panel = errorPanel(element);
    expect(panel.friendlyMessage).toBe('Step 4 was not started');
    expect(panel.errors.body.message).toBe(
      'Step 4 was not started: another migration job is running (step 3).'
    );
    expect(refreshLauncherState).not.toHaveBeenCalled();
    expect(cardOf(element, 4).busy).toBe(false);
  });

  it('clears the error panel on the next action', async () => {
    checkReadiness
      .mockRejectedValueOnce({ body: { message: 'No such step' } })
      .mockResolvedValue(notReady);
    const element = await renderWith(idle);
    await act(element, 5, 'readiness');
    expect(errorPanel(element).friendlyMessage).toBe(
      'The readiness of step 5 could not be checked'
    );
    await act(element, 5, 'readiness');
    expect(errorPanel(element)).toBeNull();
  });

  it('shows and hides the report of a step on request', async () => {
    getRunReport.mockResolvedValue(dryRunReport);
    const element = await renderWith(idle);
    await act(element, 5, 'report');
    expect(getRunReport).toHaveBeenCalledWith({ stepRunId: 'a0S000000000005AAA' });
    expect(cardOf(element, 5).report).toEqual(dryRunReport);
    await act(element, 5, 'closeReport');
    expect(cardOf(element, 5).report).toBeNull();
  });

  it('shows a report that cannot be loaded in the error panel', async () => {
    getRunReport.mockRejectedValue({
      body: { message: 'The report of this run could not be read.' }
    });
    const element = await renderWith(idle);
    await act(element, 2, 'report');
    expect(errorPanel(element).friendlyMessage).toBe('The report of step 2 could not be loaded');
  });

  it('rebuilds conversations only after a confirmation', async () => {
    startRebuild.mockResolvedValue('a0S000000000010AAA');
    refreshLauncherState.mockResolvedValue(idle);
    const element = await renderWith(idle);
    element.shadowRoot.querySelector('.rebuild-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('.rebuild-confirm')).not.toBeNull();
    element.shadowRoot.querySelector('.rebuild-cancel-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('.rebuild-confirm')).toBeNull();
    expect(startRebuild).not.toHaveBeenCalled();

    element.shadowRoot.querySelector('.rebuild-button').click();
    await flushPromises();
    element.shadowRoot.querySelector('.rebuild-confirm-button').click();
    await flushPromises();
    expect(startRebuild).toHaveBeenCalledTimes(1);
    expect(text(element, '.notice')).toBe('Rebuild conversations started.');
  });

  it('dry-runs the rebuild without a confirmation, since it changes nothing', async () => {
    startRebuildDryRun.mockResolvedValue('a0S000000000011AAA');
    refreshLauncherState.mockResolvedValue(idle);
    const element = await renderWith(idle);
    element.shadowRoot.querySelector('.rebuild-dry-run-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('.rebuild-confirm')).toBeNull();
    expect(startRebuildDryRun).toHaveBeenCalledTimes(1);
    expect(startRebuild).not.toHaveBeenCalled();
    expect(text(element, '.notice')).toBe('The dry run of the rebuild started.');
  });

  it('refuses the rebuild while a step runs, with the reason', async () => {
    refreshLauncherState.mockResolvedValue(running);
    const element = await renderWith(running);
    expect(element.shadowRoot.querySelector('.rebuild-button').disabled).toBe(true);
    expect(element.shadowRoot.querySelector('.rebuild-dry-run-button').disabled).toBe(true);
    expect(text(element, '.rebuild-reason')).toBe('Wait: step 3 is running.');
  });

  it(
    'is accessible when idle',
    async () => {
      jest.useRealTimers();
      const element = await renderWith(idle);
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );

  it(
    'is accessible with a step running and the rebuild confirmation open',
    async () => {
      jest.useRealTimers();
      const element = await renderWith({ ...running, running: false, activeRun: null });
      element.shadowRoot.querySelector('.rebuild-button').click();
      await flushPromises();
      expect(element.shadowRoot.querySelector('.rebuild-confirm')).not.toBeNull();
      expect(cardOf(element, 3).step.lastRun.status).toBe('Running');
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );
});
