/**
 * Shared logic of the Data Migration page: server errors reduced to words, the state a step
 * shows, which actions are allowed (with the reason when not), and a run's progress.
 */

/** Run statuses after which a run no longer changes. */
const FINISHED_STATUSES = ['Completed', 'Completed With Errors', 'Failed', 'Aborted'];

/** How the page names each state, with the badge's SLDS theme. */
export const STATES = {
  notRun: { key: 'notRun', label: 'Not run', theme: '' },
  dryRunDone: { key: 'dryRunDone', label: 'Dry run done', theme: 'slds-theme_info' },
  running: { key: 'running', label: 'Running', theme: 'slds-theme_info' },
  completed: { key: 'completed', label: 'Completed', theme: 'slds-theme_success' },
  completedWithErrors: {
    key: 'completedWithErrors',
    label: 'Completed with errors',
    theme: 'slds-theme_warning'
  },
  failed: { key: 'failed', label: 'Failed', theme: 'slds-theme_error' },
  stopped: { key: 'stopped', label: 'Stopped', theme: 'slds-theme_error' }
};

const STATE_BY_STATUS = {
  Queued: STATES.running,
  Running: STATES.running,
  Completed: STATES.completed,
  'Completed With Errors': STATES.completedWithErrors,
  Failed: STATES.failed,
  Aborted: STATES.stopped
};

/**
 * Reduces one or more errors (Apex AuraHandledException, UI API, JS) to a list of sentences.
 * A stack trace is never part of the result.
 * @param {object|object[]} errors the errors
 * @returns {string[]} the messages
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => !!error)
    .map((error) => {
      if (typeof error === 'string') {
        return error;
      }
      const body = error.body;
      if (Array.isArray(body)) {
        return body.map((entry) => entry.message);
      }
      if (body && body.pageErrors && body.pageErrors.length > 0) {
        return body.pageErrors.map((entry) => entry.message);
      }
      if (body && body.fieldErrors && Object.keys(body.fieldErrors).length > 0) {
        return Object.values(body.fieldErrors)
          .flat()
          .map((entry) => entry.message);
      }
      if (body && typeof body.message === 'string') {
        return body.message;
      }
      if (typeof error.message === 'string') {
        return error.message;
      }
      return error.statusText || 'Unknown error';
    })
    .flat()
    .filter((message) => !!message);
}

/**
 * Whether a run has finished (whatever its outcome).
 * @param {object} run a RunView
 * @returns {boolean} true when it no longer changes
 */
export function isFinished(run) {
  return !!run && FINISHED_STATUSES.includes(run.status);
}

/**
 * The state a step shows.
 * @param {object} step a StepView
 * @param {object} activeRun the running launch, or null
 * @returns {{key: string, label: string, theme: string}} the state
 */
export function stepState(step, activeRun) {
  if (activeRun && activeRun.step === step.step) {
    return STATES.running;
  }
  const lastRun = step.lastRun;
  if (lastRun && !isFinished(lastRun)) {
    return STATES.running;
  }
  const byStatus = STATE_BY_STATUS[step.state];
  if (byStatus) {
    return byStatus;
  }
  if (
    lastRun &&
    lastRun.mode === 'Dry Run' &&
    lastRun.status !== 'Failed' &&
    lastRun.status !== 'Aborted'
  ) {
    return STATES.dryRunDone;
  }
  return STATES.notRun;
}

/**
 * A run's progress in percent: from the Apex job's chunks when known, else from the records.
 * @param {object} run a RunView
 * @returns {number} 0 to 100
 */
export function progressPercent(run) {
  if (!run) {
    return 0;
  }
  if (isFinished(run)) {
    return 100;
  }
  let ratio = 0;
  if (run.chunksTotal > 0) {
    ratio = run.chunksProcessed / run.chunksTotal;
  } else if (run.selected > 0) {
    ratio = run.processed / run.selected;
  }
  return Math.max(0, Math.min(100, Math.floor(ratio * 100)));
}

/**
 * "Run step 5 first", "Run steps 3 and 5 first".
 * @param {number[]} steps the missing prerequisites
 * @returns {string} the sentence
 */
export function missingPrerequisitesReason(steps) {
  if (steps.length === 1) {
    return `Run step ${steps[0]} first.`;
  }
  const head = steps.slice(0, -1).join(', ');
  return `Run steps ${head} and ${steps[steps.length - 1]} first.`;
}

const allowed = () => ({ disabled: false, reason: '' });
const refused = (reason) => ({ disabled: true, reason });

/**
 * The global settings flags that the engine's "Global settings" check requires, as labelled on the page.
 * @param {object} settings the SettingsView
 * @returns {string[]} the labels of the flags that are off
 */
export function missingSettings(settings) {
  const missing = [];
  if (!settings || !settings.dataMigrationAccessible) {
    missing.push('Is Data Migration Accessible');
  }
  if (!settings || !settings.useSingleMessageObject) {
    missing.push('Use Single Message Object');
  }
  return missing;
}

/**
 * Why launching anything is refused right now, or null: permission, global settings, a job
 * running (the preflight checks that refuse even a dry run).
 * @param {object} launcher the LauncherState
 * @param {number} step the step the admin looks at
 * @returns {string|null} the reason
 */
function launchBlocker(launcher, step) {
  if (!launcher.canRun) {
    return 'You need the Run Converse Migration permission (Converse Admin permission set).';
  }
  const missing = missingSettings(launcher.settings);
  if (missing.length > 0) {
    return `Turn on ${missing.join(' and ')} in the Converse settings first.`;
  }
  if (launcher.running) {
    const active = launcher.activeRun;
    if (active && active.step === step) {
      return 'This step is running.';
    }
    if (active && active.step === 10) {
      return 'Wait: Rebuild conversations is running.';
    }
    return active ? `Wait: step ${active.step} is running.` : 'Wait: a migration job is running.';
  }
  return null;
}

const notReadyReason = (check) => `Not ready: ${check.name}. ${check.message}`;

/**
 * Which actions of a step are allowed, each with the reason when it is not. A run and a retry
 * need every preflight check to pass and the prerequisite steps completed; a dry run writes
 * nothing, so only the checks the engine applies to it (readiness.dryRunBlockers) refuse it.
 * @param {object} step the StepView
 * @param {object} launcher the LauncherState (permission, settings, running job, every step)
 * @param {object} readiness the last readiness check of the step, or null
 * @returns {{readiness: object, dryRun: object, run: object, retry: object}} availability
 */
export function stepActions(step, launcher, readiness) {
  const blocker = launchBlocker(launcher, step.step);
  if (blocker) {
    return {
      readiness: allowed(),
      dryRun: refused(blocker),
      run: refused(blocker),
      retry: refused(blocker)
    };
  }
  const completed = new Set(
    (launcher.steps || []).filter((other) => other.completed).map((other) => other.step)
  );
  const missing = (step.prerequisites || []).filter((prerequisite) => !completed.has(prerequisite));
  const failedChecks =
    readiness && readiness.checks ? readiness.checks.filter((check) => !check.passed) : [];
  const dryRunBlockers = (readiness && readiness.dryRunBlockers) || [];
  const dryRunFailure = failedChecks.find((check) => dryRunBlockers.includes(check.name));

  let run = allowed();
  if (missing.length > 0) {
    run = refused(missingPrerequisitesReason(missing));
  } else if (failedChecks.length > 0) {
    run = refused(notReadyReason(failedChecks[0]));
  }
  const dryRun = dryRunFailure ? refused(notReadyReason(dryRunFailure)) : allowed();
  const retry = step.openErrors ? run : refused('No failed records to retry.');
  return { readiness: allowed(), dryRun, run, retry };
}

/**
 * Whether the conversation rebuild may be launched, with the reason when not.
 * @param {object} launcher the LauncherState
 * @returns {{disabled: boolean, reason: string}} availability
 */
export function rebuildAction(launcher) {
  const blocker = launchBlocker(launcher, 10);
  return blocker ? refused(blocker) : allowed();
}
