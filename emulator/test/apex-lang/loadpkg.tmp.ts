import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { loadSchema } from '../../src/schema/index.js';
import { createApexRuntime } from '../../src/apex/index.js';
import { systemLibrary } from '../../src/apex/lib/index.js';
const schema = loadSchema('.');
const rt = createApexRuntime(schema, systemLibrary());
const files = execSync('find force-app -name "*.cls" -o -name "*.trigger"')
  .toString()
  .trim()
  .split('\n');
const t = performance.now();
const d = rt.load(files.map((p) => ({ path: p, source: readFileSync(p, 'utf8') })));
console.log(files.length, 'files', Math.round(performance.now() - t), 'ms');
for (const x of d) console.log(`${x.file}:${x.line}: ${x.message}`);
console.log(
  rt
    .testClasses()
    .map((c) => c.className + ':' + c.testMethods.length)
    .join(' ')
);
