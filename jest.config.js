/**
 * LWC jest (sfdx-lwc-jest): Salesforce's preset, plus the folders that hold no LWC tests.
 */
'use strict';

const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/.localorg'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/scripts/',
    '<rootDir>/emulator/',
    '<rootDir>/.localorg/'
  ],
  coverageDirectory: 'coverage/lwc'
};
