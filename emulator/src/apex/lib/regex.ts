/**
 * Pattern and Matcher (java.util.regex semantics through java-regex.ts).
 * Instances are PatternObject / MatcherObject; their `nativeClassName` names the Apex type.
 */
import type { NativeClass, NativeMethod } from '../runtime-types.js';
import { T, int, listOf, nullPointer, str, stringList, throwApex } from './util.js';
import {
  compileJava,
  findFrom,
  javaQuote,
  matchPrefix,
  matchWhole,
  replaceJava,
  splitJava,
  type JavaMatch,
  type TranslatedRegex
} from './java-regex.js';

export class PatternObject {
  readonly nativeClassName = 'Pattern';
  constructor(readonly regex: TranslatedRegex) {}
  toString(): string {
    return this.regex.javaPattern;
  }
}

export class MatcherObject {
  readonly nativeClassName = 'Matcher';
  /** The current match (absolute indices), or null. */
  match: JavaMatch | null = null;
  /** Where the next find() starts. */
  searchFrom = 0;
  regionStart = 0;
  regionEnd: number;
  constructor(
    public pattern: PatternObject,
    public input: string
  ) {
    this.regionEnd = input.length;
  }
  reset(input?: string): void {
    if (input !== undefined) this.input = input;
    this.match = null;
    this.searchFrom = 0;
    this.regionStart = 0;
    this.regionEnd = this.input.length;
  }
  /** The region as its own input (opaque, anchoring bounds: Java's defaults). */
  private regionText(): string {
    return this.input.slice(this.regionStart, this.regionEnd);
  }
  private shift(m: JavaMatch | null): JavaMatch | null {
    if (!m || this.regionStart === 0) return m;
    const d = this.regionStart;
    return {
      start: m.start + d,
      end: m.end + d,
      groups: m.groups,
      indices: m.indices.map((p) => (p ? ([p[0] + d, p[1] + d] as [number, number]) : undefined)),
      named: m.named
    };
  }
  private settle(m: JavaMatch | null): boolean {
    this.match = m;
    if (m) this.searchFrom = m.end === m.start ? m.end + 1 : m.end;
    return m !== null;
  }
  find(): boolean {
    if (this.searchFrom > this.regionEnd) return this.settle(null);
    return this.settle(
      this.shift(
        findFrom(this.pattern.regex, this.regionText(), this.searchFrom - this.regionStart)
      )
    );
  }
  matches(): boolean {
    return this.settle(this.shift(matchWhole(this.pattern.regex, this.regionText())));
  }
  lookingAt(): boolean {
    return this.settle(this.shift(matchPrefix(this.pattern.regex, this.regionText())));
  }
  current(): JavaMatch {
    if (!this.match) throwApex('System.StringException', 'No match found');
    return this.match;
  }
  groupIndex(args: readonly unknown[]): number {
    if (args.length === 0) return 0;
    const group = int(args, 0);
    if (group < 0 || group > this.pattern.regex.groupCount)
      throwApex('System.StringException', `No group ${group}`);
    return group;
  }
}

const pat = (self: unknown): PatternObject => {
  if (self === null || self === undefined) nullPointer();
  return self as PatternObject;
};
const mat = (self: unknown): MatcherObject => {
  if (self === null || self === undefined) nullPointer();
  return self as MatcherObject;
};

export function compilePattern(regex: string): PatternObject {
  return new PatternObject(compileJava(regex));
}

const patternClass: NativeClass = {
  name: 'Pattern',
  staticMethods: {
    compile: (_s, args) => compilePattern(str(args, 0)),
    matches: (_s, args) => matchWhole(compileJava(str(args, 0)), str(args, 1)) !== null,
    quote: (_s, args) => javaQuote(str(args, 0))
  },
  instanceMethods: {
    matcher: (self, args) => new MatcherObject(pat(self), str(args, 0)),
    pattern: (self) => pat(self).regex.javaPattern,
    split: (self, args) =>
      stringList(splitJava(pat(self).regex, str(args, 0), args.length > 1 ? int(args, 1) : 0)),
    tostring: (self) => pat(self).regex.javaPattern
  },
  returnTypes: {
    compile: { name: 'Pattern' },
    matches: T.Boolean,
    quote: T.String,
    matcher: { name: 'Matcher' },
    pattern: T.String,
    split: listOf(T.String),
    tostring: T.String
  }
};

const matcherMethods: Record<string, NativeMethod> = {
  find(self, args) {
    const m = mat(self);
    if (args.length > 0) {
      const start = int(args, 0);
      if (start < 0 || start > m.input.length)
        throwApex('System.StringException', `Illegal start index`);
      m.reset();
      m.searchFrom = start;
    }
    return m.find();
  },
  matches: (self) => mat(self).matches(),
  lookingat: (self) => mat(self).lookingAt(),
  group(self, args) {
    const m = mat(self);
    const match = m.current();
    return match.groups[m.groupIndex(args)] ?? null;
  },
  groupcount: (self) => mat(self).pattern.regex.groupCount,
  start(self, args) {
    const m = mat(self);
    const match = m.current();
    const g = m.groupIndex(args);
    return g === 0 ? match.start : (match.indices[g]?.[0] ?? -1);
  },
  end(self, args) {
    const m = mat(self);
    const match = m.current();
    const g = m.groupIndex(args);
    return g === 0 ? match.end : (match.indices[g]?.[1] ?? -1);
  },
  replaceall(self, args) {
    const m = mat(self);
    m.reset();
    return replaceJava(m.pattern.regex, m.input, str(args, 0), false);
  },
  replacefirst(self, args) {
    const m = mat(self);
    m.reset();
    return replaceJava(m.pattern.regex, m.input, str(args, 0), true);
  },
  reset(self, args) {
    const m = mat(self);
    m.reset(args.length > 0 ? str(args, 0) : undefined);
    return m;
  },
  region(self, args) {
    const m = mat(self);
    const start = int(args, 0);
    const end = int(args, 1);
    if (start < 0 || end < start || end > m.input.length)
      throwApex('System.StringException', 'Illegal region bounds');
    m.reset();
    m.regionStart = start;
    m.regionEnd = end;
    m.searchFrom = start;
    return m;
  },
  regionstart: (self) => mat(self).regionStart,
  regionend: (self) => mat(self).regionEnd,
  pattern: (self) => mat(self).pattern,
  usepattern(self, args) {
    const p = args[0];
    if (p === null || p === undefined)
      throwApex('System.StringException', 'Pattern cannot be null');
    const m = mat(self);
    m.pattern = p as PatternObject;
    m.match = null;
    return m;
  },
  hasanchoringbounds: () => true,
  hastransparentbounds: () => false,
  useanchoringbounds(self, args) {
    if (args[0] !== true) throw new Error('unsupported: Matcher.useAnchoringBounds(false)');
    return mat(self);
  },
  usetransparentbounds(self, args) {
    if (args[0] !== false) throw new Error('unsupported: Matcher.useTransparentBounds(true)');
    return mat(self);
  }
};

const matcherClass: NativeClass = {
  name: 'Matcher',
  staticMethods: {
    quotereplacement: (_s, args) => str(args, 0).replace(/[\\$]/g, (c) => '\\' + c)
  },
  instanceMethods: matcherMethods,
  returnTypes: {
    quotereplacement: T.String,
    find: T.Boolean,
    matches: T.Boolean,
    lookingat: T.Boolean,
    group: T.String,
    groupcount: T.Integer,
    start: T.Integer,
    end: T.Integer,
    replaceall: T.String,
    replacefirst: T.String,
    reset: { name: 'Matcher' },
    region: { name: 'Matcher' },
    regionstart: T.Integer,
    regionend: T.Integer,
    pattern: { name: 'Pattern' },
    usepattern: { name: 'Matcher' },
    hasanchoringbounds: T.Boolean,
    hastransparentbounds: T.Boolean,
    useanchoringbounds: { name: 'Matcher' },
    usetransparentbounds: { name: 'Matcher' }
  }
};

export const regexClasses: NativeClass[] = [patternClass, matcherClass];
