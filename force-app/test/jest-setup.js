/**
 * Jest setup of the LWC tests (jest.config.js: setupFilesAfterEnv): registers sa11y's
 * toBeAccessible() matcher, which runs axe-core on the rendered component.
 */
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
