import { createElement } from 'lwc';
import PreflightChecklist from 'c/preflightChecklist';

const notReady = require('../../migrationLauncher/__tests__/data/readinessNotReady.json');
const ready = require('../../migrationLauncher/__tests__/data/readinessReady.json');

function render(readiness) {
  const element = createElement('c-preflight-checklist', { is: PreflightChecklist });
  element.readiness = readiness;
  document.body.appendChild(element);
  return element;
}

// axe-core takes seconds on a busy machine: more than jest's default 5 s.
const A11Y_TIMEOUT_MS = 20000;

describe('c-preflight-checklist', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows each check with pass or fail and the sentence from the engine', async () => {
    const element = render(notReady);
    await Promise.resolve();
    const checks = [...element.shadowRoot.querySelectorAll('.check')];
    expect(checks).toHaveLength(3);
    expect(checks[0].querySelector('.check-name').textContent).toBe(
      'Permission to run the migration'
    );
    expect(checks[0].querySelector('lightning-icon').alternativeText).toBe('Passed');
    expect(checks[2].querySelector('lightning-icon').alternativeText).toBe('Failed');
    expect(checks[2].querySelector('lightning-icon').iconName).toBe('utility:error');
    expect(checks[2].querySelector('.check-message').textContent).toBe(
      'The trigger IncomingSmsAlert is active on Incoming SMS. Deactivate it before you run this step.'
    );
    expect(element.shadowRoot.querySelector('p').textContent).toBe(
      'Step 5 is not ready: 1 of 3 checks failed.'
    );
  });

  it('says when the step is ready', async () => {
    const element = render(ready);
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('p').textContent).toBe(
      'Step 5 is ready: every check passed.'
    );
    const icons = [...element.shadowRoot.querySelectorAll('.check lightning-icon')];
    expect(icons.every((icon) => icon.iconName === 'utility:success')).toBe(true);
  });

  it('lists what Apex cannot check, with the preflight script', async () => {
    const element = render(notReady);
    await Promise.resolve();
    const manual = [...element.shadowRoot.querySelectorAll('.manual-check')].map(
      (li) => li.textContent
    );
    expect(manual).toEqual(notReady.manualChecks);
    expect(element.shadowRoot.querySelector('.preflight-command').textContent).toBe(
      'npm run preflight -- --target-org <your org alias>'
    );
  });

  it(
    'is accessible',
    async () => {
      const element = render(notReady);
      await Promise.resolve();
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );
});
