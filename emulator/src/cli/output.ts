/** How the CLI shows query results: a table like `sf data query`, or JSON. */
import type { SObjectRecord } from '../contracts.js';
import { primitiveToJson, recordToJson, selectPaths } from '../org/records-json.js';

export function formatQueryResult(
  soql: string,
  result: SObjectRecord[] | number,
  json: boolean
): string {
  if (typeof result === 'number') {
    return json
      ? JSON.stringify({ totalSize: result, records: [] }, null, 2)
      : `Total number of records retrieved: ${result}.`;
  }
  const paths = selectPaths(soql);
  if (json) {
    return JSON.stringify(
      {
        totalSize: result.length,
        done: true,
        records: result.map((r) => recordToJson(r, paths.length ? paths : null))
      },
      null,
      2
    );
  }
  const columns = paths.length ? paths : [...new Set(result.flatMap((r) => r.populatedFields()))];
  const rows = result.map((r) => columns.map((c) => cell(r, c)));
  const widths = columns.map((c, i) =>
    Math.min(60, Math.max(c.length, ...rows.map((row) => row[i].length)))
  );
  const line = (cells: string[]) =>
    ` ${cells.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join(' │ ')}`.trimEnd();
  const out = [
    line(columns),
    ` ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`,
    ...rows.map(line)
  ];
  out.push(`Total number of records retrieved: ${result.length}.`);
  return out.join('\n');
}

function cell(record: SObjectRecord, path: string): string {
  const parts = path.split('.');
  let current: SObjectRecord | null = record;
  for (let i = 0; i < parts.length - 1 && current; i++) current = current.getParent(parts[i]);
  if (!current) return '';
  const last = parts[parts.length - 1];
  if (parts.length === 1) {
    const children = current.getChildren(last);
    if (children) return `[${children.length} ${last}]`;
  }
  const value = primitiveToJson(current.get(last));
  return value === null ? '' : String(value);
}
