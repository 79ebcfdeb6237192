/**
 * One ESLint flat config for the project:
 * - LWC bundles (force-app/.../lwc) with Salesforce's recommended LWC rules, jest globals in __tests__;
 * - TypeScript of scripts/ and emulator/ with typescript-eslint's recommended rules (not the
 *   type-checked set, to keep the run fast);
 * - the plain JS config files at the root as Node CommonJS.
 * File patterns are relative to the folder ESLint runs in, so the same config also lints the
 * checker fixtures (scripts/checks/test/fixtures/*) when a test runs ESLint inside them.
 */
'use strict';

const globals = require('globals');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const tseslint = require('typescript-eslint');

const LWC_JS = ['**/lwc/**/*.js'];
const TS = ['scripts/**/*.ts', 'emulator/**/*.ts'];

module.exports = [
  {
    ignores: [
      '**/node_modules/**',
      'coverage/**',
      '.localorg/**',
      '.sf/**',
      '.sfdx/**',
      'scripts/checks/test/fixtures/**',
      'emulator/test/fixtures/**'
    ]
  },
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: LWC_JS })),
  {
    files: [
      '**/lwc/**/__tests__/**/*.js',
      '**/lwc/**/__mocks__/**/*.js',
      'force-app/test/jest-mocks/**/*.js'
    ],
    languageOptions: { globals: { ...globals.node, ...globals.jest } }
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: TS })),
  {
    files: TS,
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ]
    }
  },
  {
    files: ['force-app/test/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } }
  },
  {
    files: ['*.js', '.ci/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
];
