/**
 * The SOQL/SOSL engine over a record store: parse (cached per text), then execute with bind
 * values, consuming the governor limits the platform charges.
 */
import type {
  ParsedSoql,
  QueryOptions,
  RecordStore,
  SObjectRecord,
  SoqlEngine
} from '../contracts.js';
import type { RecordStoreImpl } from '../data/store.js';
import { buildRecords, checkAccess, makeContext, runAggregate, selectRows } from './evaluator.js';
import { SoqlParser, type ParsedSoqlImpl } from './parser.js';
import { executeSoslQuery, parseSoslQuery, type ParsedSoslImpl } from './sosl.js';

export { SoqlParseError } from './lexer.js';
export type { ParsedSoqlImpl } from './parser.js';

export class SoqlEngineImpl implements SoqlEngine {
  private readonly cache = new Map<string, ParsedSoqlImpl>();
  private readonly soslCache = new Map<string, ParsedSoslImpl>();

  constructor(private readonly store: RecordStoreImpl) {}

  parse(text: string): ParsedSoqlImpl {
    let parsed = this.cache.get(text);
    if (!parsed) {
      parsed = new SoqlParser(this.store.schema, text).parse();
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(text, parsed);
    }
    return parsed;
  }

  execute(
    query: ParsedSoql,
    bindValues: readonly unknown[],
    options: QueryOptions
  ): SObjectRecord[] | number {
    const parsed = query as ParsedSoqlImpl;
    if (!parsed.query) throw new Error('execute: the query was not parsed by this engine');
    const q = parsed.query;
    options.limits.consume('queries', 1);
    const ctx = makeContext(this.store, bindValues, options);
    checkAccess(ctx, q);
    let result: SObjectRecord[] | number;
    if (q.isCount) {
      result = selectRows(ctx, q).length;
      ctx.rowsConsumed += 1;
    } else if (q.isAggregate) {
      result = runAggregate(ctx, q);
    } else {
      const rows = selectRows(ctx, q);
      ctx.rowsConsumed += rows.length;
      result = buildRecords(ctx, q, rows);
    }
    options.limits.consume(
      options.forQueryLocator ? 'queryLocatorRows' : 'queryRows',
      ctx.rowsConsumed
    );
    return result;
  }

  parseSosl(text: string): ParsedSoslImpl {
    let parsed = this.soslCache.get(text);
    if (!parsed) {
      parsed = parseSoslQuery(this.store.schema, text);
      this.soslCache.set(text, parsed);
    }
    return parsed;
  }

  executeSosl(
    query: ParsedSoql,
    bindValues: readonly unknown[],
    options: QueryOptions & {
      readonly isTest: boolean;
      readonly fixedSearchResults?: readonly string[] | null;
    }
  ): SObjectRecord[][] {
    return executeSoslQuery(this.store, query as ParsedSoslImpl, bindValues, options);
  }
}

/** The engine for a store made by data/createRecordStore. */
export function createSoqlEngine(store: RecordStore): SoqlEngineImpl {
  return new SoqlEngineImpl(store as RecordStoreImpl);
}
