import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

function render(props) {
  const element = createElement('c-error-panel', { is: ErrorPanel });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

// axe-core takes seconds on a busy machine: more than jest's default 5 s.
const A11Y_TIMEOUT_MS = 20000;

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows the title and every message in words', async () => {
    const element = render({
      friendlyMessage: 'Step 4 was not started',
      errors: [
        { body: { message: 'Step 4 was not started: Run step 5 first.' } },
        new Error('Network down')
      ]
    });
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('h2').textContent).toBe('Step 4 was not started');
    const messages = [...element.shadowRoot.querySelectorAll('.error-message')].map(
      (li) => li.textContent
    );
    expect(messages).toEqual(['Run step 5 first.', 'Network down']);
    expect(element.shadowRoot.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('does not repeat the title in front of the server message', async () => {
    const element = render({
      friendlyMessage: 'Step 4 was not started',
      errors: { body: { message: 'Step 4 was not started: Run step 5 first.' } }
    });
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('.error-message').textContent).toBe(
      'Run step 5 first.'
    );
  });

  it('never shows a stack trace', async () => {
    const error = new Error('Boom');
    error.stack = 'Error: Boom\n    at Object.<anonymous> (launcher.js:1:1)';
    const element = render({ errors: error });
    await Promise.resolve();
    expect(element.shadowRoot.textContent).toContain('Boom');
    expect(element.shadowRoot.textContent).not.toContain('launcher.js');
    expect(element.shadowRoot.querySelector('h2').textContent).toBe('Something went wrong');
  });

  it(
    'is accessible',
    async () => {
      const element = render({
        friendlyMessage: 'Failed',
        errors: { body: { message: 'No access' } }
      });
      await Promise.resolve();
      await expect(element).toBeAccessible();
    },
    A11Y_TIMEOUT_MS
  );
});
