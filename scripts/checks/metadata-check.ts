/**
 * Stage 5: our own metadata check over the package directories.
 * - every *-meta.xml is well-formed XML;
 * - every .cls/.trigger has its -meta.xml, and every Apex -meta.xml its source;
 * - what permission sets name exists: fields, objects, custom settings and metadata types,
 *   custom permissions, Apex classes, tabs, apps;
 * - fields named by layouts, list views (columns, filters) and custom metadata records exist;
 * - every custom object and custom field has a non-empty <description>.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { finding, listSourceFiles, readIfPresent, type Finding } from './lib.js';
import { loadSchema, readMetadata, type Schema } from './schema.js';

type Xml = Record<string, unknown>;

function asArray(value: unknown): Xml[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Xml[];
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

/** 1-based line of the first `<tag>value</tag>` in `source` (0 when not found). */
function lineOf(source: string, tag: string, value: string): number {
  const index = source.search(new RegExp(`<${tag}>\\s*${escapeRegExp(value)}\\s*</${tag}>`));
  if (index < 0) return 0;
  return source.slice(0, index).split('\n').length;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function checkMetadata(root: string, schema: Schema = loadSchema(root)): Finding[] {
  const files = listSourceFiles(root);
  const findings: Finding[] = [];
  const wellFormed = new Set<string>();

  for (const file of files.filter((f) => f.endsWith('-meta.xml'))) {
    const source = readIfPresent(path.join(root, file));
    if (source === undefined) continue;
    const result = XMLValidator.validate(source);
    if (result === true) wellFormed.add(file);
    else findings.push(finding(file, result.err.line, `malformed XML: ${result.err.msg}`));
  }

  const fileSet = new Set(files);
  for (const file of files) {
    if (/\.(cls|trigger)$/.test(file) && !fileSet.has(`${file}-meta.xml`))
      findings.push(finding(file, 0, `missing ${path.posix.basename(file)}-meta.xml`));
    const source = /^(.*\.(cls|trigger))-meta\.xml$/.exec(file);
    if (source && !fileSet.has(source[1]))
      findings.push(
        finding(file, 0, `metadata without its source ${path.posix.basename(source[1])}`)
      );
  }

  const names = namedComponents(files);
  const context: Context = { root, schema, findings, names };
  for (const file of wellFormed) {
    if (file.endsWith('.permissionset-meta.xml')) checkPermissionSet(context, file);
    else if (file.endsWith('.layout-meta.xml')) checkLayout(context, file);
    else if (file.endsWith('.listView-meta.xml')) checkListView(context, file);
    else if (file.endsWith('.md-meta.xml') && file.includes('/customMetadata/'))
      checkCustomMetadataRecord(context, file);
    else if (file.endsWith('.object-meta.xml')) checkObjectDescription(context, file);
    else if (file.endsWith('.field-meta.xml')) checkFieldDescription(context, file);
  }
  return findings;
}

interface Context {
  root: string;
  schema: Schema;
  findings: Finding[];
  names: Map<string, Set<string>>;
}

/** Component names by metadata folder (classes, customPermissions, tabs, applications…). */
function namedComponents(files: string[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (kind: string, name: string) => {
    if (!names.has(kind)) names.set(kind, new Set());
    names.get(kind)?.add(name.toLowerCase());
  };
  for (const file of files) {
    const base = path.posix.basename(file);
    let match: RegExpExecArray | null;
    if ((match = /^(.+)\.cls$/.exec(base))) add('classes', match[1]);
    else if ((match = /^(.+)\.customPermission-meta\.xml$/.exec(base)))
      add('customPermissions', match[1]);
    else if ((match = /^(.+)\.tab-meta\.xml$/.exec(base))) add('tabs', match[1]);
    else if ((match = /^(.+)\.app-meta\.xml$/.exec(base))) add('applications', match[1]);
  }
  return names;
}

function load(context: Context, file: string): { meta: Xml; source: string } {
  const source = readFileSync(path.join(context.root, file), 'utf8');
  return { meta: readMetadata(path.join(context.root, file)), source };
}

function checkPermissionSet(context: Context, file: string): void {
  const { meta, source } = load(context, file);
  const { schema, findings } = context;
  for (const permission of asArray(meta.fieldPermissions)) {
    const field = text(permission.field);
    const [objectName, fieldName] = field.split('.');
    if (!fieldName) {
      findings.push(
        finding(
          file,
          lineOf(source, 'field', field),
          `field permission '${field}' is not Object.Field`
        )
      );
    } else if (!schema.get(objectName)) {
      findings.push(
        finding(
          file,
          lineOf(source, 'field', field),
          `field permission for unknown object '${objectName}' (${field})`
        )
      );
    } else if (!schema.field(objectName, fieldName)) {
      findings.push(
        finding(
          file,
          lineOf(source, 'field', field),
          `field permission for unknown field '${field}'`
        )
      );
    }
  }
  for (const permission of asArray(meta.objectPermissions)) {
    const objectName = text(permission.object);
    if (!schema.get(objectName))
      findings.push(
        finding(
          file,
          lineOf(source, 'object', objectName),
          `object permission for unknown object '${objectName}'`
        )
      );
  }
  for (const key of ['customSettingAccesses', 'customMetadataTypeAccesses']) {
    for (const access of asArray(meta[key])) {
      const objectName = text(access.name);
      if (!schema.get(objectName))
        findings.push(
          finding(
            file,
            lineOf(source, 'name', objectName),
            `${key} names unknown type '${objectName}'`
          )
        );
    }
  }
  const named: [string, string, string, (name: string) => boolean][] = [
    ['customPermissions', 'name', 'customPermissions', () => true],
    ['classAccesses', 'apexClass', 'classes', () => true],
    ['tabSettings', 'tab', 'tabs', (n) => !n.startsWith('standard-')],
    ['applicationVisibilities', 'application', 'applications', (n) => !n.startsWith('standard__')]
  ];
  for (const [key, tag, folder, isOurs] of named) {
    for (const entry of asArray(meta[key])) {
      const name = text(entry[tag]);
      if (!isOurs(name)) continue;
      if (!context.names.get(folder)?.has(name.toLowerCase()))
        findings.push(
          finding(
            file,
            lineOf(source, tag, name),
            `${key} names '${name}', which is not in ${folder}/`
          )
        );
    }
  }
}

function objectOfLayout(file: string): string {
  const base = path.posix.basename(file, '.layout-meta.xml');
  return base.slice(0, base.indexOf('-'));
}

function checkLayout(context: Context, file: string): void {
  const { meta, source } = load(context, file);
  const objectName = objectOfLayout(file);
  const object = context.schema.get(objectName);
  if (!object) {
    context.findings.push(finding(file, 1, `layout of unknown object '${objectName}'`));
    return;
  }
  for (const section of asArray(meta.layoutSections)) {
    for (const column of asArray(section.layoutColumns)) {
      for (const item of asArray(column.layoutItems)) {
        const field = text(item.field);
        if (field && !context.schema.field(objectName, field))
          context.findings.push(
            finding(
              file,
              lineOf(source, 'field', field),
              `layout names unknown field '${objectName}.${field}'`
            )
          );
      }
    }
  }
}

/** List view columns and filters: custom fields by API name, standard ones by column codes (NAME, CREATED_DATE…). */
function checkListView(context: Context, file: string): void {
  const match = /\/objects\/([^/]+)\/listViews\//.exec(file);
  if (!match) return;
  const objectName = match[1];
  const { meta, source } = load(context, file);
  const references = [
    ...asArray(meta.columns).map((c) => ['columns', text(c)]),
    ...asArray(meta.filters).map((f) => ['field', text(f.field)])
  ];
  for (const [tag, reference] of references) {
    let parts = reference.split('.');
    if (parts.length > 1 && parts[0].toLowerCase() === objectName.toLowerCase())
      parts = parts.slice(1);
    const fieldName = parts[0];
    if (!/__c$/i.test(fieldName)) continue; // a standard column code
    if (!context.schema.field(objectName, fieldName))
      context.findings.push(
        finding(
          file,
          lineOf(source, tag, reference),
          `list view names unknown field '${objectName}.${fieldName}'`
        )
      );
  }
}

function checkCustomMetadataRecord(context: Context, file: string): void {
  const base = path.posix.basename(file, '.md-meta.xml');
  const typeName = `${base.slice(0, base.indexOf('.'))}__mdt`;
  if (!context.schema.get(typeName)) {
    context.findings.push(finding(file, 1, `record of unknown custom metadata type '${typeName}'`));
    return;
  }
  const { meta, source } = load(context, file);
  for (const value of asArray(meta.values)) {
    const field = text(value.field);
    if (!context.schema.field(typeName, field))
      context.findings.push(
        finding(
          file,
          lineOf(source, 'field', field),
          `value for unknown field '${typeName}.${field}'`
        )
      );
  }
}

function isCustomName(name: string): boolean {
  return /__(c|mdt|e|b|x)$/i.test(name);
}

function checkObjectDescription(context: Context, file: string): void {
  const name = path.posix.basename(file, '.object-meta.xml');
  if (!isCustomName(name)) return;
  const { meta } = load(context, file);
  if (!text(meta.description))
    context.findings.push(finding(file, 1, `custom object ${name} has no <description>`));
}

function checkFieldDescription(context: Context, file: string): void {
  const name = path.posix.basename(file, '.field-meta.xml');
  if (!/__c$/i.test(name)) return;
  const { meta } = load(context, file);
  const objectName = /\/objects\/([^/]+)\/fields\//.exec(file)?.[1] ?? '?';
  if (!text(meta.description))
    context.findings.push(
      finding(file, 1, `custom field ${objectName}.${name} has no <description>`)
    );
}
