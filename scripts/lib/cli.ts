/**
 * Command-line plumbing shared by the scripts: option parsing with --help, a progress line,
 * and the failure that becomes a non-zero exit with its cause.
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'number' | 'boolean';
  readonly description: string;
  readonly default?: string | number | boolean;
  readonly choices?: readonly string[];
}

export type ParsedOptions = Record<string, string | number | boolean | undefined>;

export function helpText(
  command: string,
  summary: string,
  specs: readonly OptionSpec[],
  examples: readonly string[] = []
): string {
  const lines = [`Usage: npm run ${command} -- [options]`, '', summary, '', 'Options:'];
  for (const spec of specs) {
    const flag =
      spec.type === 'boolean'
        ? `--${spec.name}`
        : `--${spec.name} <${spec.choices ? spec.choices.join('|') : spec.type === 'number' ? 'n' : 'value'}>`;
    const def =
      spec.default !== undefined && spec.type !== 'boolean' ? ` (default: ${spec.default})` : '';
    lines.push(`  ${flag.padEnd(38)} ${spec.description}${def}`);
  }
  lines.push(`  ${'--help'.padEnd(38)} show this help`);
  if (examples.length > 0)
    lines.push('', 'Examples:', ...examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

/** Parses `--name value`, `--name=value` and boolean `--flag`; unknown options are errors. */
export function parseOptions(
  argv: readonly string[],
  specs: readonly OptionSpec[]
): ParsedOptions & { help: boolean } {
  const result: ParsedOptions & { help: boolean } = { help: false };
  for (const spec of specs) if (spec.default !== undefined) result[spec.name] = spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      result.help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new CommandError(`unexpected argument "${arg}"`, 'run with --help for the options');
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec)
      throw new CommandError(`unknown option --${name}`, 'run with --help for the options');
    if (spec.type === 'boolean') {
      if (eq > 0) throw new CommandError(`--${name} takes no value`);
      result[name] = true;
      continue;
    }
    const raw = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith('--')))
      throw new CommandError(`--${name} needs a value`);
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new CommandError(`--${name} must be one of ${spec.choices.join(', ')}, got "${raw}"`);
    }
    if (spec.type === 'number') {
      const value = Number(raw.replace(/_/g, ''));
      if (!Number.isFinite(value))
        throw new CommandError(`--${name} must be a number, got "${raw}"`);
      result[name] = value;
    } else {
      result[name] = raw;
    }
  }
  return result;
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise). */
export class Progress {
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    /** When the work began (ms), for the elapsed time shown. */
    private readonly started = Date.now()
  ) {}

  update(done: number): void {
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const seconds = (Date.now() - this.started) / 1000;
    const width = 30;
    const filled = Math.round(fraction * width);
    const text = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${seconds.toFixed(1)}s`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}`);
      if (fraction >= 1) this.stream.write('\n');
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(`${text}\n`);
      }
    }
  }
}

/** Runs a command's main, turning failures into a message and an exit code. */
export function runMain(main: (argv: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
    },
    (error: unknown) => {
      if (error instanceof CommandError) {
        process.stderr.write(`error: ${error.message}\n`);
        if (error.hint) process.stderr.write(`what to do: ${error.hint}\n`);
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(
          `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
        );
        process.exitCode = 1;
      }
    }
  );
}
