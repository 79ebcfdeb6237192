import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getLauncherState from '@salesforce/apex/MigrationLauncherController.getLauncherState';
import refreshLauncherState from '@salesforce/apex/MigrationLauncherController.refreshLauncherState';
import checkReadiness from '@salesforce/apex/MigrationLauncherController.checkReadiness';
import startDryRun from '@salesforce/apex/MigrationLauncherController.startDryRun';
import startRun from '@salesforce/apex/MigrationLauncherController.startRun';
import startRetry from '@salesforce/apex/MigrationLauncherController.startRetry';
import startRebuild from '@salesforce/apex/MigrationLauncherController.startRebuild';
import startRebuildDryRun from '@salesforce/apex/MigrationLauncherController.startRebuildDryRun';
import getRunReport from '@salesforce/apex/MigrationLauncherController.getRunReport';
import { isFinished, progressPercent, rebuildAction, stepState } from 'c/migrationUtils';

/** How often the page asks for progress while a job runs. */
export const POLL_INTERVAL_MS = 3000;

const LAUNCHES = {
  dryRun: { call: startDryRun, failure: (step) => `The dry run of step ${step} was not started` },
  run: { call: startRun, failure: (step) => `Step ${step} was not started` },
  retry: {
    call: startRetry,
    failure: (step) => `The failed records of step ${step} were not retried`
  }
};

/**
 * The Data Migration page: the global state on top (settings, who may run, the running job),
 * the nine steps as a checklist, and Rebuild conversations. While a job runs it polls the
 * server and stops when the job is done; when a launch it started finishes, it opens its report.
 */
export default class MigrationLauncher extends LightningElement {
  state;
  wiredResult;
  error;
  errorTitle = '';
  notice = '';
  /** Step number → readiness; step number → report. */
  readinessByStep = {};
  reportByStep = {};
  busyStep = null;
  confirmingRebuild = false;
  /** The launch whose report opens when it finishes. */
  watchedRun = null;
  pollTimer = null;

  @wire(getLauncherState)
  wiredState(result) {
    this.wiredResult = result;
    if (result.data) {
      this.applyState(result.data);
    } else if (result.error) {
      this.showError('The migration status could not be loaded', result.error);
    }
  }

  disconnectedCallback() {
    this.stopPolling();
  }

  get loaded() {
    return !!this.state;
  }

  get hasError() {
    return !!this.error;
  }

  get settingsFlags() {
    const settings = this.state.settings || {};
    const flag = (key, label, on) => ({
      key,
      label,
      value: on ? 'On' : 'Off',
      iconName: on ? 'utility:check' : 'utility:close',
      iconVariant: on ? 'success' : 'error'
    });
    return [
      flag('access', 'Is Data Migration Accessible', settings.dataMigrationAccessible),
      flag('single', 'Use Single Message Object', settings.useSingleMessageObject),
      flag('notify', 'Enable Incoming Notification', settings.enableIncomingNotification),
      flag('owner', 'Allow to send message as Record Owner', settings.allowSendAsRecordOwner),
      flag(
        'unread',
        'Mark every migrated incoming message unread',
        settings.markAllMigratedIncomingUnread
      )
    ];
  }

  get defaultCountry() {
    return this.state.settings ? this.state.settings.defaultCountry : '';
  }

  get maxSmsTextLength() {
    const settings = this.state.settings || {};
    return settings.maxSmsTextLength === null || settings.maxSmsTextLength === undefined
      ? 'not set'
      : String(settings.maxSmsTextLength);
  }

  get settingsUrl() {
    return this.state.settings ? this.state.settings.manageUrl : null;
  }

  get youMayRun() {
    return this.state.canRun
      ? 'You may run the migration.'
      : 'You may not run the migration: ask for the Converse Admin permission set.';
  }

  get runningText() {
    if (!this.state.running) {
      return 'No migration job is running.';
    }
    const run = this.state.activeRun;
    if (!run) {
      return 'A migration job is running.';
    }
    const what = run.step === 10 ? 'Rebuild conversations' : `Step ${run.step}`;
    return `${what} (${run.mode}) is running: ${run.processed || 0} of ${run.selected || 0} processed, ${run.failed || 0} failed so far.`;
  }

  get isRunning() {
    return !!this.state.running;
  }

  get activeProgress() {
    return progressPercent(this.state.activeRun);
  }

  get steps() {
    return (this.state.steps || []).map((step) => ({
      key: `step-${step.step}`,
      view: step,
      readiness: this.readinessByStep[step.step] || null,
      report: this.reportByStep[step.step] || null,
      busy: this.busyStep === step.step
    }));
  }

  get rebuild() {
    return this.state.rebuild;
  }

  get rebuildState() {
    return this.rebuild ? stepState(this.rebuild, this.state.activeRun) : null;
  }

  get rebuildStateClass() {
    return `slds-badge ${this.rebuildState ? this.rebuildState.theme : ''}`;
  }

  get rebuildAvailability() {
    return rebuildAction(this.state);
  }

  get rebuildDisabled() {
    return this.rebuildAvailability.disabled || this.busyStep === 10;
  }

  get rebuildReport() {
    return this.reportByStep[10] || null;
  }

  get canShowRebuildReport() {
    return !!(this.rebuild && this.rebuild.lastRun) && this.rebuildState.key !== 'running';
  }

  get rebuildReportLabel() {
    return this.rebuildReport ? 'Hide report' : 'View report';
  }

  applyState(state) {
    this.state = state;
    if (state.running) {
      this.schedulePoll();
    } else {
      this.stopPolling();
      this.openWatchedReport();
    }
  }

  schedulePoll() {
    if (this.pollTimer) {
      return;
    }
    // Polling is how the page follows an Apex batch job: there is no push for its progress.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll();
    }, POLL_INTERVAL_MS);
  }

  stopPolling() {
    if (this.pollTimer) {
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
    }
  }

  async poll() {
    try {
      this.applyState(await refreshLauncherState());
    } catch (error) {
      this.stopPolling();
      this.showError('The progress of the migration could not be read', error);
    }
  }

  async openWatchedReport() {
    const watched = this.watchedRun;
    if (!watched) {
      return;
    }
    const step = this.findStep(watched.step);
    const lastRun = step && step.lastRun;
    if (!lastRun || lastRun.id !== watched.id || !isFinished(lastRun)) {
      return;
    }
    this.watchedRun = null;
    // Refresh the wire's cache so a later render does not bring the old state back.
    refreshApex(this.wiredResult);
    await this.loadReport(watched.step, watched.id);
  }

  findStep(number) {
    if (!this.state) {
      return null;
    }
    return number === 10
      ? this.state.rebuild
      : (this.state.steps || []).find((s) => s.step === number);
  }

  handleStepAction(event) {
    const { step, action } = event.detail;
    this.clearMessages();
    if (action === 'readiness') {
      this.checkStep(step);
    } else if (action === 'report') {
      this.loadReport(step, this.findStep(step).lastRun.id);
    } else if (action === 'closeReport') {
      this.reportByStep = { ...this.reportByStep, [step]: null };
    } else if (LAUNCHES[action]) {
      this.launch(step, LAUNCHES[action].call, LAUNCHES[action].failure(step));
    }
  }

  async checkStep(step) {
    this.busyStep = step;
    try {
      const readiness = await checkReadiness({ step });
      this.readinessByStep = { ...this.readinessByStep, [step]: readiness };
    } catch (error) {
      this.showError(`The readiness of step ${step} could not be checked`, error);
    } finally {
      this.busyStep = null;
    }
  }

  async loadReport(step, stepRunId) {
    try {
      const report = await getRunReport({ stepRunId });
      this.reportByStep = { ...this.reportByStep, [step]: report };
    } catch (error) {
      this.showError(`The report of step ${step} could not be loaded`, error);
    }
  }

  async launch(step, call, failure, label) {
    this.busyStep = step;
    try {
      const stepRunId = step === 10 ? await call() : await call({ step });
      this.watchedRun = { step, id: stepRunId };
      this.reportByStep = { ...this.reportByStep, [step]: null };
      this.notice =
        step === 10 ? `${label || 'Rebuild conversations'} started.` : `Step ${step} started.`;
      this.applyState(await refreshLauncherState());
    } catch (error) {
      this.showError(failure, error);
    } finally {
      this.busyStep = null;
    }
  }

  handleRebuildClick() {
    this.clearMessages();
    this.confirmingRebuild = true;
  }

  handleRebuildCancel() {
    this.confirmingRebuild = false;
  }

  handleRebuildConfirm() {
    this.confirmingRebuild = false;
    this.launch(10, startRebuild, 'The conversation rebuild was not started');
  }

  handleRebuildDryRun() {
    this.clearMessages();
    this.launch(
      10,
      startRebuildDryRun,
      'The dry run of the conversation rebuild was not started',
      'The dry run of the rebuild'
    );
  }

  handleRebuildReportToggle() {
    if (this.rebuildReport) {
      this.reportByStep = { ...this.reportByStep, 10: null };
    } else {
      this.loadReport(10, this.rebuild.lastRun.id);
    }
  }

  showError(title, error) {
    this.errorTitle = title;
    this.error = error;
  }

  clearMessages() {
    this.error = null;
    this.errorTitle = '';
    this.notice = '';
  }
}
