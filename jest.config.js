/**
 * LWC jest (sfdx-lwc-jest): Salesforce's preset, plus the folders that hold no LWC tests.
 */
'use strict';

const { existsSync } = require('node:fs');
const path = require('node:path');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

// Project-wide setup of the LWC tests (sa11y's toBeAccessible matcher), when it exists.
const SETUP = 'force-app/test/jest-setup.js';
const projectSetup = existsSync(path.join(__dirname, SETUP)) ? [`<rootDir>/${SETUP}`] : [];

module.exports = {
  ...jestConfig,
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), ...projectSetup],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/.localorg'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/scripts/',
    '<rootDir>/emulator/',
    '<rootDir>/.localorg/'
  ],
  coverageDirectory: 'coverage/lwc'
};
