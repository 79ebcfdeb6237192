import { LightningElement, api } from 'lwc';
import { progressPercent, stepActions, stepState } from 'c/migrationUtils';

/**
 * One step of the Migration Checklist: what it does, why run it, when not to, its precautions,
 * its state and last run, a progress bar while it runs, its actions (each disabled with the
 * reason when not allowed), and, once loaded, its readiness checks and its last run's report.
 *
 * Fires `stepaction` with `{ step, action }`; action is `readiness`, `dryRun`, `run`, `retry`,
 * `report` or `closeReport`.
 */
export default class MigrationStepCard extends LightningElement {
  /** The controller's StepView. */
  @api step;
  /** The controller's LauncherState (permission, settings, running job, every step). */
  @api launcher;
  /** The step's last readiness check, or null. */
  @api readiness;
  /** The report of the step's last run, or null. */
  @api report;
  /** An action of this step is on its way to the server. */
  @api busy = false;

  get title() {
    return `Step ${this.step.step}: ${this.step.name}`;
  }

  get state() {
    return stepState(this.step, this.launcher && this.launcher.activeRun);
  }

  get stateClass() {
    return `step-state slds-badge ${this.state.theme}`;
  }

  get isRunning() {
    return this.state.key === 'running';
  }

  /** The run to show progress and counts for: the live one while running, else the last. */
  get run() {
    const active = this.launcher && this.launcher.activeRun;
    if (active && active.step === this.step.step) {
      return active;
    }
    return this.step.lastRun;
  }

  get hasRun() {
    return !!this.run;
  }

  get progress() {
    return progressPercent(this.run);
  }

  get progressLabel() {
    const run = this.run || {};
    return `Processed ${run.processed || 0} of ${run.selected || 0}, ${run.failed || 0} failed so far`;
  }

  get lastRunTitle() {
    const run = this.run;
    return this.isRunning ? `${run.mode} in progress` : `Last launch: ${run.mode}, ${run.status}`;
  }

  get counts() {
    const run = this.run || {};
    return [
      { key: 'selected', label: 'Selected', value: run.selected || 0 },
      { key: 'processed', label: 'Processed', value: run.processed || 0 },
      { key: 'succeeded', label: 'Succeeded', value: run.succeeded || 0 },
      { key: 'failed', label: 'Failed', value: run.failed || 0 },
      { key: 'skipped', label: 'Skipped', value: run.skipped || 0 },
      { key: 'duplicates', label: 'Duplicates', value: run.duplicates || 0 }
    ];
  }

  get runMessage() {
    return this.run && !this.isRunning ? this.run.message : null;
  }

  get precautions() {
    return (this.step.precautions || []).map((text, index) => ({ key: `p-${index}`, text }));
  }

  get prerequisitesText() {
    const prerequisites = this.step.prerequisites || [];
    return prerequisites.length > 0 ? `After step ${prerequisites.join(', step ')}` : '';
  }

  get openErrorsText() {
    return this.step.openErrors > 0 ? `${this.step.openErrors} open errors` : '';
  }

  get actions() {
    const availability = stepActions(this.step, this.launcher || {}, this.readiness);
    const busy = this.busy;
    return [
      { name: 'readiness', label: 'Check readiness', variant: 'neutral' },
      { name: 'dryRun', label: 'Dry run', variant: 'neutral' },
      { name: 'run', label: 'Run', variant: 'brand' },
      { name: 'retry', label: 'Retry failed', variant: 'neutral' }
    ].map((action) => {
      const { disabled, reason } = availability[action.name];
      return {
        ...action,
        disabled: disabled || busy,
        reason: disabled ? reason : '',
        reasonId: `reason-${action.name}`
      };
    });
  }

  get retryAction() {
    return this.actions.find((action) => action.name === 'retry');
  }

  get canShowReport() {
    return !!this.step.lastRun && !this.isRunning;
  }

  get reportButtonLabel() {
    return this.report ? 'Hide report' : 'View report';
  }

  handleAction(event) {
    this.fire(event.target.dataset.action);
  }

  handleReportToggle() {
    this.fire(this.report ? 'closeReport' : 'report');
  }

  handleRetryFailed() {
    this.fire('retry');
  }

  fire(action) {
    this.dispatchEvent(new CustomEvent('stepaction', { detail: { step: this.step.step, action } }));
  }
}
