import { LightningElement, api } from 'lwc';

/**
 * The readiness of one step: each preflight check of the engine with pass or fail and its
 * sentence, then what Apex cannot check and the command that checks it.
 */
export default class PreflightChecklist extends LightningElement {
  /** The controller's Readiness: step, ready, checks, manualChecks, preflightCommand. */
  @api readiness;

  get checks() {
    const checks = (this.readiness && this.readiness.checks) || [];
    return checks.map((check, index) => ({
      key: `check-${index}`,
      name: check.name,
      message: check.message,
      passed: check.passed,
      iconName: check.passed ? 'utility:success' : 'utility:error',
      iconVariant: check.passed ? 'success' : 'error',
      result: check.passed ? 'Passed' : 'Failed',
      resultClass: check.passed ? 'slds-text-color_success' : 'slds-text-color_error'
    }));
  }

  get summary() {
    if (!this.readiness) {
      return '';
    }
    const failed = this.checks.filter((check) => !check.passed).length;
    if (failed === 0) {
      return `Step ${this.readiness.step} is ready: every check passed.`;
    }
    return `Step ${this.readiness.step} is not ready: ${failed} of ${this.checks.length} checks failed.`;
  }

  get summaryClass() {
    return this.readiness && this.readiness.ready
      ? 'slds-text-title_bold slds-text-color_success'
      : 'slds-text-title_bold slds-text-color_error';
  }

  get manualChecks() {
    const manual = (this.readiness && this.readiness.manualChecks) || [];
    return manual.map((text, index) => ({ key: `manual-${index}`, text }));
  }

  get hasManualChecks() {
    return this.manualChecks.length > 0;
  }

  get preflightCommand() {
    return this.readiness ? this.readiness.preflightCommand : '';
  }
}
