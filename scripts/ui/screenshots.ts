/**
 * Screenshots of the Data Migration page for the admin guide (docs/admin-data-migration/): the
 * real `migrationLauncher` LWC and its children, compiled with the open-source LWC compiler and
 * lightning-base-components, rendered by Chromium at 1280 px and on a 420 px panel (full page).
 *
 * The page is fed a hand-built `LauncherState` (mocked `@salesforce/apex/...` imports) that looks
 * like an org in mid-migration: settings on, user permitted, steps 1–3 done (step 3 with 37 open
 * errors), step 4 checked and ready, steps 5–9 and the rebuild not run, no job running. The step
 * texts are those of MigrationStepRegistry.cls and MigrationChecklist.cls; the script refuses to
 * run when one of them is no longer found in those classes, so update it when they change.
 *
 * Its build tools are NOT project dependencies (and this script is not part of `npm test`):
 * install them once in a separate folder, then point the script at it:
 *
 *   mkdir -p /tmp/shots && cd /tmp/shots && npm init -y && npm install --no-audit --no-fund \
 *     playwright-core lightning-base-components @salesforce-ux/design-system @lwc/rollup-plugin \
 *     @lwc/synthetic-shadow @rollup/plugin-replace @rollup/plugin-node-resolve rollup lwc
 *   npx tsx scripts/ui/screenshots.ts --deps /tmp/shots [--chromium /usr/bin/chromium] [--out <dir>]
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(__dirname, '..', '..');
const LWC_DIR = join(ROOT, 'force-app', 'main', 'default', 'lwc');
const APEX_SOURCES = [
  'force-app/main/default/classes/migration/MigrationStepRegistry.cls',
  'force-app/main/default/classes/launcher/MigrationChecklist.cls',
  'force-app/main/default/classes/launcher/MigrationLauncherController.cls',
  'force-app/main/default/classes/migration/MigrationPreflight.cls'
];
const ORIGIN = 'http://converse-shots.test';
const WIDTHS = [
  { width: 1280, file: 'page-1280.png' },
  { width: 420, file: 'page-narrow-420.png' }
];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

// ---------------------------------------------------------------------------------------------
// The state the page shows. Texts copied from the Apex classes (see checkTextsAgainstApex).
// ---------------------------------------------------------------------------------------------

interface RunView {
  id: string;
  step: number;
  mode: string;
  status: string;
  jobStatus: string;
  chunksProcessed: number;
  chunksTotal: number;
  selected: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  duplicates: number;
  startedAt: string;
  finishedAt: string;
  message: string | null;
}

interface StepView {
  step: number;
  name: string;
  description: string;
  whyRun: string;
  doNotRunIf: string;
  precautions: string[];
  afterRun: string | null;
  prerequisites: number[];
  objectsWritten: string[];
  state: string;
  completed: boolean;
  lastRun: RunView | null;
  openErrors: number;
}

/** MigrationStepRegistry's `automation` prefix of "do not run it if". */
const AUTOMATION = 'there is an active process, flow, workflow or trigger that runs on update of ';
const SINGLE_OBJECT_OFF =
  'Use Single Message Object is off and SMS History holds incoming messages (direction IN, other than step-9 copies), or ';
/** MigrationChecklist's shared precautions. */
const BE_ADMIN =
  'You are a Salesforce admin with the Converse Admin permission set (access to every Converse object and field).';
const SENDING_OFF = 'Sending SMS is turned off in the admin portal.';

function precautions(objects: string, more: string[] = []): string[] {
  return [
    `No active process, flow, workflow or trigger runs on update of ${objects}.`,
    BE_ADMIN,
    SENDING_OFF,
    ...more
  ];
}

type StepText = Pick<
  StepView,
  | 'step'
  | 'name'
  | 'description'
  | 'whyRun'
  | 'doNotRunIf'
  | 'precautions'
  | 'afterRun'
  | 'prerequisites'
  | 'objectsWritten'
>;

const STEP_TEXTS: StepText[] = [
  {
    step: 1,
    name: 'Update status of outgoing messages',
    description:
      'Maps the raw delivery status of outgoing SMS History to the normalized Status (Delivery Status Mapping; unknown codes become Unknown).',
    whyRun:
      "Outgoing messages then show a normalized delivery status (Delivered, Failed, Sent…) instead of the provider's raw code.",
    doNotRunIf: `${SINGLE_OBJECT_OFF}${AUTOMATION}SMS History.`,
    precautions: precautions('SMS History', [
      'Validation rules on SMS History are deactivated.',
      'The Message Object Configuration is set up.'
    ]),
    afterRun: null,
    prerequisites: [],
    objectsWritten: ['SMSMagic__c']
  },
  {
    step: 2,
    name: 'Update direction',
    description: 'Sets Direction to OUT on SMS History created before directions existed.',
    whyRun:
      'The new Direction field must say OUT on the outgoing messages created before it existed.',
    doNotRunIf: `${SINGLE_OBJECT_OFF}${AUTOMATION}SMS History.`,
    precautions: precautions('SMS History', ['Validation rules on SMS History are deactivated.']),
    afterRun: null,
    prerequisites: [],
    objectsWritten: ['SMSMagic__c']
  },
  {
    step: 3,
    name: 'Update unformatted phone numbers',
    description:
      'Fills the phone match key, the sender key and the sender id link of SMS History, then of Incoming SMS.',
    whyRun:
      'The unformatted phone number is the key the new logic uses to find records and conversations: it must be filled, on SMS History and then on Incoming SMS, with the sender id links that step 4 reads.',
    doNotRunIf: `${AUTOMATION}SMS History or Incoming SMS.`,
    precautions: precautions('SMS History or Incoming SMS'),
    afterRun: null,
    prerequisites: [],
    objectsWritten: ['SMSMagic__c', 'Incoming_SMS__c']
  },
  {
    step: 4,
    name: 'Update sender ids',
    description:
      'Sets Used For on each sender id from how it was really used: Outgoing, Incoming or Both.',
    whyRun: 'Each sender id then says whether it sends, receives or both (Used For).',
    doNotRunIf: 'there are only a few sender ids and you prefer to set Used For by hand.',
    precautions: [BE_ADMIN],
    afterRun: 'Check that every sender id has the right Used For value; correct it by hand if not.',
    prerequisites: [3],
    objectsWritten: ['SMS_SenderId__c']
  },
  {
    step: 5,
    name: 'Primary object on Incoming SMS',
    description:
      'Links each Incoming SMS to its record through the Message Object Configuration (legacy Lead/Contact lookups win), and fills its phone keys and sender link where step 3 has not.',
    whyRun:
      'Run it if you have incoming messages in Incoming SMS and want the old messages in conversations.',
    doNotRunIf: `${AUTOMATION}Incoming SMS.`,
    precautions: precautions('Incoming SMS'),
    afterRun: null,
    prerequisites: [],
    objectsWritten: ['Incoming_SMS__c']
  },
  {
    step: 6,
    name: 'Primary object on inbound SMS History',
    description:
      'Links inbound SMS History to its record through the Message Object Configuration (legacy lookups win).',
    whyRun:
      'Run it if you have incoming messages in SMS History and want the old messages in conversations.',
    doNotRunIf: `${AUTOMATION}SMS History.`,
    precautions: precautions('SMS History'),
    afterRun: null,
    prerequisites: [2],
    objectsWritten: ['SMSMagic__c']
  },
  {
    step: 7,
    name: 'Conversations from SMS History',
    description:
      'Creates or updates the conversation of each SMS History message by key, links the message and keeps the conversation aggregates right.',
    whyRun: 'Run it if you want the old messages to be available in conversations.',
    doNotRunIf: `${AUTOMATION}SMS History or Conversation.`,
    precautions: precautions('SMS History and Conversation'),
    afterRun: null,
    prerequisites: [2, 6],
    objectsWritten: ['SMSMagic__c', 'Conversation__c']
  },
  {
    step: 8,
    name: 'Conversations from Incoming SMS',
    description:
      'Creates or updates the conversation of each Incoming SMS by key, links the message and keeps the conversation aggregates right.',
    whyRun: 'Run it if you have incoming messages in Incoming SMS and want them in conversations.',
    doNotRunIf: `${AUTOMATION}Incoming SMS or Conversation.`,
    precautions: precautions('Incoming SMS and Conversation'),
    afterRun: null,
    prerequisites: [5],
    objectsWritten: ['Incoming_SMS__c', 'Conversation__c']
  },
  {
    step: 9,
    name: 'Move incoming to the common object',
    description:
      'Copies each Incoming SMS into SMS History with direction IN, the same conversation and time, and links the copy back; deletes nothing.',
    whyRun:
      'Run it if you want one common object, SMS History, to store both inbound and outbound messages.',
    doNotRunIf: `you still have custom code, workflows, reports, buttons or email notifications that depend on Incoming SMS, or ${AUTOMATION}SMS History or Conversation.`,
    precautions: precautions('SMS History and Conversation', [
      'No email notification or other automation fires on new incoming messages.',
      'Nothing depends on Incoming SMS any more: custom code, reports and buttons have moved to SMS History.'
    ]),
    afterRun: null,
    prerequisites: [5, 8],
    objectsWritten: ['SMSMagic__c', 'Incoming_SMS__c']
  },
  {
    step: 10,
    name: 'Rebuild conversations',
    description:
      "Recomputes every conversation's counts, last message, unread state and primary record from its messages.",
    whyRun:
      'Repairs conversation counts, last message and unread state after manual edits or a partial run.',
    doNotRunIf: `${AUTOMATION}Conversation.`,
    precautions: precautions('Conversation'),
    afterRun: null,
    prerequisites: [],
    objectsWritten: ['Conversation__c']
  }
];

/** A finished run of the given counts; ids look like Migration_Step_Run__c ids. */
function finishedRun(
  step: number,
  counts: { selected: number; succeeded: number; failed: number; skipped: number },
  startedAt: string,
  finishedAt: string
): RunView {
  const processed = counts.succeeded + counts.failed + counts.skipped;
  return {
    id: `a0S5e00000Qx7p${step}AAA`.slice(0, 18),
    step,
    mode: 'Run',
    status: counts.failed > 0 ? 'Completed With Errors' : 'Completed',
    jobStatus: 'Completed',
    chunksProcessed: Math.ceil(counts.selected / 200),
    chunksTotal: Math.ceil(counts.selected / 200),
    selected: counts.selected,
    processed,
    succeeded: counts.succeeded,
    failed: counts.failed,
    skipped: counts.skipped,
    duplicates: 0,
    startedAt,
    finishedAt,
    message: null
  };
}

/** Steps 1–3 run (step 3 with 37 failures left open), everything else not run. */
function launcherState(): object {
  const runs = new Map<number, RunView>([
    [
      1,
      finishedRun(
        1,
        { selected: 9412, succeeded: 9412, failed: 0, skipped: 0 },
        '2026-11-23T09:02:11.000Z',
        '2026-11-23T09:04:37.000Z'
      )
    ],
    [
      2,
      finishedRun(
        2,
        { selected: 9412, succeeded: 9412, failed: 0, skipped: 0 },
        '2026-11-23T09:08:40.000Z',
        '2026-11-23T09:10:02.000Z'
      )
    ],
    [
      3,
      finishedRun(
        3,
        { selected: 10000, succeeded: 9963, failed: 37, skipped: 0 },
        '2026-11-23T09:15:26.000Z',
        '2026-11-23T09:21:48.000Z'
      )
    ]
  ]);
  const views: StepView[] = STEP_TEXTS.map((text) => {
    const lastRun = runs.get(text.step) ?? null;
    return {
      ...text,
      state: lastRun ? lastRun.status : 'Not Run',
      completed: lastRun !== null,
      lastRun,
      openErrors: lastRun ? lastRun.failed : 0
    };
  });
  return {
    canRun: true,
    whoMayRun:
      'Users with the Run Converse Migration custom permission, which the Converse Admin permission set grants.',
    settings: {
      dataMigrationAccessible: true,
      useSingleMessageObject: true,
      enableIncomingNotification: false,
      allowSendAsRecordOwner: false,
      markAllMigratedIncomingUnread: false,
      maxSmsTextLength: 1600,
      defaultCountry: 'US',
      manageUrl: 'https://acme.my.salesforce.com/setup/ui/listCustomSettingsData.apexp?id=a0B'
    },
    running: false,
    activeRun: null,
    steps: views.filter((view) => view.step !== 10),
    rebuild: views.find((view) => view.step === 10)
  };
}

/** What "Check readiness" answers for step 4 once step 3 has completed (MigrationPreflight). */
const STEP_4_READINESS = {
  step: 4,
  ready: true,
  checks: [
    {
      name: 'Permission to run the migration',
      passed: true,
      message: 'You have the Converse_Run_Migration custom permission.'
    },
    {
      name: 'Global settings',
      passed: true,
      message:
        'IsDataMigrationAccessible and Use Single Message Object are on; phone numbers are read with default country US.'
    },
    {
      name: 'Prerequisite steps',
      passed: true,
      message: 'The steps this one needs have completed.'
    },
    {
      name: 'No other automation on the objects written',
      passed: true,
      message: 'No active trigger, flow or process runs on SMS_SenderId__c.'
    },
    {
      name: 'No other migration job running',
      passed: true,
      message: 'No migration job is queued or running.'
    }
  ],
  dryRunBlockers: [],
  manualChecks: [
    'No validation rule is active on SMS Sender ID.',
    'No workflow rule (field update or email alert) runs on SMS Sender ID.',
    'Sending SMS is turned off in the admin portal, so no message goes out during the migration.'
  ],
  preflightCommand: 'npm run preflight -- --target-org <your org alias>'
};

/**
 * Every text shown that Apex holds as one literal must still be there (apostrophes escaped as
 * in Apex); the composed ones (precautions, "do not run it if") are checked piece by piece.
 */
function checkTextsAgainstApex(): void {
  const source = APEX_SOURCES.map((path) => readFileSync(join(ROOT, path), 'utf8')).join('\n');
  const literal = (text: string) => `'${text.replace(/'/g, "\\'")}'`;
  const pieces: string[] = [AUTOMATION, SINGLE_OBJECT_OFF, BE_ADMIN, SENDING_OFF];
  for (const text of STEP_TEXTS) {
    pieces.push(text.name, text.description, text.whyRun);
    if (text.afterRun) pieces.push(text.afterRun);
  }
  for (const check of STEP_4_READINESS.checks) pieces.push(check.name);
  pieces.push(STEP_4_READINESS.checks[0].message, STEP_4_READINESS.checks[2].message);
  pieces.push(STEP_4_READINESS.preflightCommand);
  const missing = pieces.filter((text) => !source.includes(literal(text)));
  if (missing.length > 0) {
    throw new Error(
      `These texts of scripts/ui/screenshots.ts are no longer in ${APEX_SOURCES.join(', ')}; ` +
        `copy the new wording:\n- ${missing.join('\n- ')}`
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The build: rollup + @lwc/rollup-plugin from the separate install, with mocked Apex.
// ---------------------------------------------------------------------------------------------

interface RollupPlugin {
  name: string;
  resolveId?: (id: string) => string | null;
  load?: (id: string) => string | null;
}
interface RollupOutput {
  output: { code: string }[];
}
interface RollupBundle {
  generate(options: object): Promise<RollupOutput>;
  close(): Promise<void>;
}
interface RollupModule {
  rollup(options: object): Promise<RollupBundle>;
}
type PluginFactory = (options: object) => object;

interface Route {
  request(): { url(): string };
  fulfill(response: { status: number; contentType?: string; body: string | Buffer }): Promise<void>;
}
interface Page {
  route(pattern: string, handler: (route: Route) => Promise<void>): Promise<void>;
  on(event: 'console' | 'pageerror', listener: (value: { toString(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout: number }): Promise<unknown>;
  click(selector: string): Promise<void>;
  mouse: { click(x: number, y: number): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
  evaluate<T>(fn: () => T): Promise<T>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  close(): Promise<void>;
}
interface Browser {
  newPage(options: object): Promise<Page>;
  close(): Promise<void>;
}
interface PlaywrightModule {
  chromium: { launch(options: object): Promise<Browser> };
}

/** Loads a package of the separate install (CommonJS or ESM), failing with what to install. */
async function loadFromDeps<T>(deps: string, name: string): Promise<T> {
  const requireFromDeps = createRequire(join(deps, 'package.json'));
  let path: string;
  try {
    path = requireFromDeps.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed in ${deps}: run the npm install of this script's header there.`
    );
  }
  const loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return loaded as T;
}

/** The default export of a plugin package, through one or two CommonJS `default` wrappers. */
function defaultExport(module: Record<string, unknown>): PluginFactory {
  let value: unknown = module.default ?? module;
  if (typeof value !== 'function' && value && typeof value === 'object' && 'default' in value) {
    value = (value as { default: unknown }).default;
  }
  if (typeof value !== 'function') {
    throw new Error('A rollup plugin package exports no plugin function.');
  }
  return value as PluginFactory;
}

const APEX_PREFIX = '@salesforce/apex/MigrationLauncherController.';

/** The mocked Apex modules: the wire adapter and the imperative calls the page makes. */
function apexModule(method: string): string {
  const json = (value: unknown) => JSON.stringify(value);
  if (method === 'getLauncherState') {
    return `const state = ${json(launcherState())};
export default function getLauncherState() { return Promise.resolve(state); }
getLauncherState.adapter = class {
  constructor(callback) { this.callback = callback; }
  connect() { Promise.resolve().then(() => this.callback({ data: state, error: undefined })); }
  update() {}
  disconnect() {}
};`;
  }
  if (method === 'refreshLauncherState') {
    return `export default function refreshLauncherState() { return Promise.resolve(${json(launcherState())}); }`;
  }
  if (method === 'checkReadiness') {
    return `const readiness = ${json(STEP_4_READINESS)};
export default function checkReadiness({ step }) {
  return step === 4 ? Promise.resolve(readiness)
    : Promise.reject(new Error('The screenshot build only knows the readiness of step 4.'));
}`;
  }
  return `export default function ${method}() {
  return Promise.reject(new Error('${method} is not available in the screenshot build.'));
}`;
}

/**
 * The mocks, and one LWC engine: the repository has its own (older) `lwc` for Jest, and a
 * component resolving `lwc` there would not extend the base components' LightningElement.
 */
function mockPlugin(entry: string, deps: string): RollupPlugin {
  const VIRTUAL = '\0shots:';
  const requireFromDeps = createRequire(join(deps, 'package.json'));
  const engine: Record<string, string> = {};
  for (const name of ['@lwc/engine-dom', '@lwc/synthetic-shadow', '@lwc/wire-service']) {
    engine[name] = requireFromDeps.resolve(name);
  }
  engine.lwc = engine['@lwc/engine-dom'];
  return {
    name: 'converse-shots-mocks',
    resolveId(id) {
      if (engine[id]) return engine[id];
      if (id === 'shots-entry') return `${VIRTUAL}entry`;
      if (id === '@salesforce/apex') return `${VIRTUAL}apex`;
      if (id.startsWith(APEX_PREFIX)) return `${VIRTUAL}apex/${id.slice(APEX_PREFIX.length)}`;
      if (id.startsWith('@salesforce/apex/')) {
        throw new Error(`The screenshot build has no mock for ${id}.`);
      }
      if (id === 'lightning/empApi') return `${VIRTUAL}empApi`;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const name = id.slice(VIRTUAL.length);
      if (name === 'entry') return entry;
      if (name === 'apex') return 'export function refreshApex() { return Promise.resolve(); }';
      if (name === 'empApi') {
        return `export function subscribe() { return Promise.resolve({}); }
export function unsubscribe() { return Promise.resolve(true); }
export function onError() {}
export function setDebugFlag() {}
export function isEmpEnabled() { return Promise.resolve(false); }`;
      }
      return apexModule(name.slice('apex/'.length));
    }
  };
}

async function buildBundle(deps: string): Promise<string> {
  const rollupModule = await loadFromDeps<RollupModule>(deps, 'rollup');
  const lwc = defaultExport(await loadFromDeps(deps, '@lwc/rollup-plugin'));
  const replace = defaultExport(await loadFromDeps(deps, '@rollup/plugin-replace'));
  const nodeResolve = defaultExport(await loadFromDeps(deps, '@rollup/plugin-node-resolve'));

  const components = readdirSync(LWC_DIR).filter((name) =>
    existsSync(join(LWC_DIR, name, `${name}.js`))
  );
  const entry = [
    "import '@lwc/synthetic-shadow';",
    "import { createElement } from 'lwc';",
    "import MigrationLauncher from 'c/migrationLauncher';",
    "const element = createElement('c-migration-launcher', { is: MigrationLauncher });",
    "document.getElementById('root').appendChild(element);"
  ].join('\n');

  let baseComponentWarnings = 0;
  const bundle = await rollupModule.rollup({
    input: 'shots-entry',
    plugins: [
      mockPlugin(entry, deps),
      replace({
        preventAssignment: true,
        values: {
          'import.meta.env.SSR': 'false',
          'process.env.NODE_ENV': JSON.stringify('production')
        }
      }),
      lwc({
        rootDir: deps,
        enableDynamicComponents: true,
        modules: [
          ...components.map((name) => ({
            name: `c/${name}`,
            path: join(LWC_DIR, name, `${name}.js`)
          })),
          // An absolute path: the components' importers live in this repository, which lacks it.
          { npm: join(deps, 'node_modules', 'lightning-base-components') }
        ]
      }),
      nodeResolve({ rootDir: deps, browser: true })
    ],
    onwarn(warning: { code?: string; message: string }) {
      // The base components' own template warnings are theirs to fix; ours are printed.
      if (warning.message.includes('lightning-base-components')) {
        baseComponentWarnings += 1;
      } else if (warning.code !== 'CIRCULAR_DEPENDENCY') {
        console.warn(`rollup: ${warning.message}`);
      }
    }
  });
  try {
    const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true });
    if (baseComponentWarnings > 0) {
      console.log(`(${baseComponentWarnings} compiler warnings in lightning-base-components)`);
    }
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The browser: serve the page, the bundle and SLDS from memory and disk, then shoot.
// ---------------------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript',
  '.html': 'text/html'
};

const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Data Migration for Converse</title>
    <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
    <style>body { background: #f3f3f3; margin: 0; }</style>
  </head>
  <body class="slds-scope">
    <div id="root"></div>
    <script src="/app.js"></script>
  </body>
</html>`;

async function shoot(deps: string, chromium: string, outDir: string, code: string): Promise<void> {
  const loaded = await loadFromDeps<PlaywrightModule & { default?: PlaywrightModule }>(
    deps,
    'playwright-core'
  );
  const playwright = loaded.chromium ? loaded : loaded.default;
  if (!playwright || !playwright.chromium) throw new Error('playwright-core exports no chromium.');
  const sldsAssets = join(
    dirname(
      createRequire(join(deps, 'package.json')).resolve('@salesforce-ux/design-system/package.json')
    ),
    'assets'
  );
  const browser = await playwright.chromium.launch({
    executablePath: chromium,
    args: CHROMIUM_ARGS
  });
  try {
    for (const { width, file } of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.toString()}`));
      page.on('console', (message) => {
        const text = message.toString();
        if (/error/i.test(text)) problems.push(`console: ${text}`);
      });
      await page.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== ORIGIN) {
          await route.fulfill({ status: 404, body: `offline: ${url.href}` });
          return;
        }
        if (url.pathname === '/') {
          await route.fulfill({ status: 200, contentType: 'text/html', body: PAGE_HTML });
        } else if (url.pathname === '/app.js') {
          await route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
        } else if (url.pathname.startsWith('/assets/')) {
          const path = join(sldsAssets, decodeURIComponent(url.pathname.slice('/assets/'.length)));
          if (!path.startsWith(sldsAssets) || !existsSync(path) || !statSync(path).isFile()) {
            problems.push(`missing asset ${url.pathname}`);
            await route.fulfill({ status: 404, body: 'not found' });
            return;
          }
          await route.fulfill({
            status: 200,
            contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
            body: readFileSync(path)
          });
        } else {
          problems.push(`unexpected request ${url.pathname}`);
          await route.fulfill({ status: 404, body: 'not found' });
        }
      });
      try {
        await page.goto(`${ORIGIN}/`);
        await page.waitForSelector('c-migration-step-card', { timeout: 10000 });
        // Step 4 is the next to run: show its readiness, as an admin would before launching it.
        await page.click('c-migration-step-card >> nth=3 >> button:has-text("Check readiness")');
        await page.waitForSelector('c-preflight-checklist', { timeout: 10000 });
        // Click the page background so the button just clicked loses its focus ring.
        await page.mouse.click(2, 2);
        await page.evaluate(() => document.fonts.ready.then(() => true));
        await page.waitForTimeout(300);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
      if (problems.length > 0) {
        throw new Error(`The page at ${width} px did not render cleanly:\n${problems.join('\n')}`);
      }
      const path = join(outDir, file);
      await page.screenshot({ path, fullPage: true });
      console.log(`wrote ${path}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deps: { type: 'string', default: process.env.SHOTS_DEPS ?? '/tmp/shots' },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
      out: { type: 'string', default: join(ROOT, 'docs', 'admin-data-migration') }
    }
  });
  const deps = resolve(values.deps);
  if (!existsSync(join(deps, 'node_modules'))) {
    throw new Error(
      `${deps}/node_modules does not exist: see the install in this script's header.`
    );
  }
  if (!existsSync(values.chromium)) {
    throw new Error(`No Chromium at ${values.chromium}: pass --chromium <path>.`);
  }
  checkTextsAgainstApex();
  const code = await buildBundle(deps);
  mkdirSync(values.out, { recursive: true });
  await shoot(deps, values.chromium, resolve(values.out), code);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
