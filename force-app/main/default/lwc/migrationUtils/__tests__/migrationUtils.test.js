import {
  STATES,
  isFinished,
  missingPrerequisitesReason,
  missingSettings,
  progressPercent,
  rebuildAction,
  reduceErrors,
  stepActions,
  stepState
} from 'c/migrationUtils';

const idle = require('../../migrationLauncher/__tests__/data/launcherState.json');
const running = require('../../migrationLauncher/__tests__/data/launcherStateRunning.json');
const notReady = require('../../migrationLauncher/__tests__/data/readinessNotReady.json');
const ready = require('../../migrationLauncher/__tests__/data/readinessReady.json');
const jobRunning = require('../../migrationLauncher/__tests__/data/readinessJobRunning.json');

const stepOf = (state, number) => state.steps.find((step) => step.step === number);
const clone = (value) => JSON.parse(JSON.stringify(value));

describe('reduceErrors', () => {
  it('returns the message of an AuraHandledException', () => {
    expect(
      reduceErrors({ body: { message: 'Step 4 was not started: Run step 5 first.' } })
    ).toEqual(['Step 4 was not started: Run step 5 first.']);
  });

  it('returns page and field errors of a UI API error', () => {
    expect(
      reduceErrors({
        body: {
          pageErrors: [{ message: 'Insufficient access' }],
          fieldErrors: {}
        }
      })
    ).toEqual(['Insufficient access']);
    expect(
      reduceErrors({ body: { pageErrors: [], fieldErrors: { Name: [{ message: 'Required' }] } } })
    ).toEqual(['Required']);
  });

  it('flattens a list of errors and keeps JavaScript errors without their stack', () => {
    const jsError = new TypeError('Cannot read properties of undefined');
    const messages = reduceErrors([
      jsError,
      { body: [{ message: 'one' }, { message: 'two' }] },
      null
    ]);
    expect(messages).toEqual(['Cannot read properties of undefined', 'one', 'two']);
    expect(messages.join(' ')).not.toContain(' at ');
  });

  it('falls back to the HTTP status text, then to a generic sentence', () => {
    expect(reduceErrors({ statusText: 'Service Unavailable' })).toEqual(['Service Unavailable']);
    expect(reduceErrors({})).toEqual(['Unknown error']);
  });
});

describe('stepState', () => {
  it('names each state of the checklist', () => {
    expect(stepState(stepOf(idle, 1), null)).toBe(STATES.completed);
    expect(stepState(stepOf(idle, 2), null)).toBe(STATES.completedWithErrors);
    expect(stepState(stepOf(idle, 4), null)).toBe(STATES.notRun);
    expect(stepState(stepOf(idle, 5), null)).toBe(STATES.dryRunDone);
    expect(stepState(stepOf(idle, 6), null)).toBe(STATES.failed);
    expect(stepState(stepOf(idle, 7), null)).toBe(STATES.stopped);
    expect(stepState(stepOf(running, 3), running.activeRun)).toBe(STATES.running);
  });

  it('does not call a failed dry run done', () => {
    const step = clone(stepOf(idle, 5));
    step.lastRun.status = 'Failed';
    expect(stepState(step, null)).toBe(STATES.notRun);
  });

  it('shows a queued launch as running even before the status says so', () => {
    const step = clone(stepOf(idle, 4));
    step.lastRun = { ...stepOf(idle, 1).lastRun, step: 4, status: 'Queued' };
    expect(stepState(step, null)).toBe(STATES.running);
  });
});

describe('progressPercent', () => {
  it('follows the Apex job chunks when the job knows its total', () => {
    expect(progressPercent(running.activeRun)).toBe(40);
  });

  it('falls back to processed of selected, and is 100 once finished', () => {
    expect(progressPercent({ status: 'Running', chunksTotal: 0, selected: 8, processed: 2 })).toBe(
      25
    );
    expect(progressPercent({ status: 'Queued' })).toBe(0);
    expect(progressPercent({ status: 'Aborted', chunksTotal: 5, chunksProcessed: 1 })).toBe(100);
    expect(progressPercent(null)).toBe(0);
  });

  it('knows which statuses are final', () => {
    expect(isFinished({ status: 'Completed With Errors' })).toBe(true);
    expect(isFinished({ status: 'Running' })).toBe(false);
    expect(isFinished(null)).toBe(false);
  });
});

describe('stepActions', () => {
  it('allows everything on a ready step with open errors', () => {
    const actions = stepActions(stepOf(idle, 2), idle, null);
    expect(actions.dryRun).toEqual({ disabled: false, reason: '' });
    expect(actions.run).toEqual({ disabled: false, reason: '' });
    expect(actions.retry).toEqual({ disabled: false, reason: '' });
    expect(actions.readiness.disabled).toBe(false);
  });

  it('refuses a run of a step whose prerequisites have not completed, naming them, but allows its dry run', () => {
    const actions = stepActions(stepOf(idle, 4), idle, null);
    expect(actions.run).toEqual({ disabled: true, reason: 'Run step 5 first.' });
    expect(actions.dryRun).toEqual({ disabled: false, reason: '' });
    expect(stepActions(stepOf(idle, 7), idle, null).run.reason).toBe('Run step 6 first.');
    expect(missingPrerequisitesReason([2, 6])).toBe('Run steps 2 and 6 first.');
    expect(missingPrerequisitesReason([1, 2, 3])).toBe('Run steps 1, 2 and 3 first.');
  });

  it('refuses a retry for the same reasons as a run when the step has open errors', () => {
    const step = { ...stepOf(idle, 4), openErrors: 2 };
    expect(stepActions(step, idle, null).retry).toEqual({
      disabled: true,
      reason: 'Run step 5 first.'
    });
  });

  it('refuses Retry failed when the step has no open errors', () => {
    expect(stepActions(stepOf(idle, 1), idle, null).retry).toEqual({
      disabled: true,
      reason: 'No failed records to retry.'
    });
  });

  it('refuses a run after a failed readiness check, with the check and its sentence, but not the dry run', () => {
    const actions = stepActions(stepOf(idle, 5), idle, notReady);
    expect(actions.run).toEqual({
      disabled: true,
      reason:
        'Not ready: No other automation on the objects written. The trigger IncomingSmsAlert is active on Incoming SMS. Deactivate it before you run this step.'
    });
    expect(actions.dryRun).toEqual({ disabled: false, reason: '' });
    expect(stepActions(stepOf(idle, 5), idle, ready).run.disabled).toBe(false);
  });

  it('refuses a dry run when a failed check also refuses dry runs', () => {
    const actions = stepActions(stepOf(idle, 3), idle, jobRunning);
    expect(actions.dryRun).toEqual({
      disabled: true,
      reason:
        'Not ready: No other migration job running. Migration job 707000000000001AAA (FillPhoneKeysBatch) is processing: wait for it to finish or abort it before launching another step.'
    });
    expect(actions.run.reason).toBe(
      'Not ready: Prerequisite steps. Do not run step 7 before step 6 (Primary object on inbound SMS History) has completed: run it first.'
    );
  });

  it('refuses every launch while another job runs, and says which', () => {
    const other = stepActions(stepOf(running, 1), running, null);
    expect(other.run).toEqual({ disabled: true, reason: 'Wait: step 3 is running.' });
    expect(other.dryRun.reason).toBe('Wait: step 3 is running.');
    const same = stepActions(stepOf(running, 3), running, null);
    expect(same.run.reason).toBe('This step is running.');
    expect(same.readiness.disabled).toBe(false);
    expect(rebuildAction(running)).toEqual({ disabled: true, reason: 'Wait: step 3 is running.' });
  });

  it('refuses every launch without the permission or with the migration switched off', () => {
    const noPermission = { ...idle, canRun: false };
    expect(stepActions(stepOf(noPermission, 2), noPermission, null).retry.reason).toBe(
      'You need the Run Converse Migration permission (Converse Admin permission set).'
    );
    expect(rebuildAction(noPermission).disabled).toBe(true);
    const switchedOff = { ...idle, settings: { ...idle.settings, dataMigrationAccessible: false } };
    expect(stepActions(stepOf(switchedOff, 1), switchedOff, null).dryRun.reason).toBe(
      'Turn on Is Data Migration Accessible in the Converse settings first.'
    );
    expect(missingSettings({})).toEqual([
      'Is Data Migration Accessible',
      'Use Single Message Object'
    ]);
    const bothOff = {
      ...idle,
      settings: { ...idle.settings, dataMigrationAccessible: false, useSingleMessageObject: false }
    };
    expect(stepActions(stepOf(bothOff, 1), bothOff, null).run.reason).toBe(
      'Turn on Is Data Migration Accessible and Use Single Message Object in the Converse settings first.'
    );
    expect(rebuildAction(idle)).toEqual({ disabled: false, reason: '' });
  });

  it('names the rebuild or an unknown job when they run', () => {
    const rebuilding = { ...idle, running: true, activeRun: { ...running.activeRun, step: 10 } };
    expect(rebuildAction(rebuilding).reason).toBe('This step is running.');
    expect(stepActions(stepOf(rebuilding, 1), rebuilding, null).run.reason).toBe(
      'Wait: Rebuild conversations is running.'
    );
    const unknown = { ...idle, running: true, activeRun: null };
    expect(rebuildAction(unknown).reason).toBe('Wait: a migration job is running.');
  });
});
