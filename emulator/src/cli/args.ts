/** Command-line parsing for the emulator CLI: one command, positionals, `--flag value` / `--flag=value` / `--switch`. */

export interface ParsedArgs {
  readonly command: string | null;
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
  readonly switches: Set<string>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Flags that take a value; every other `--x` is a switch. */
const VALUE_FLAGS = new Set([
  'project',
  'class',
  'query',
  'out',
  'prefix',
  'org-dir',
  'cpu-scale',
  'source'
]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const switches = new Set<string>();
  let command: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      switches.add('help');
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).toLowerCase();
      if (VALUE_FLAGS.has(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, [...(flags.get(name) ?? []), value]);
      } else {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        switches.add(name);
      }
    } else if (command === null) {
      command = arg;
    } else {
      positionals.push(arg);
    }
  }
  return { command, positionals, flags, switches };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} given more than once`);
  return values?.[0];
}

/** Rejects flags and switches the command does not know. */
export function allowOnly(args: ParsedArgs, command: string, known: readonly string[]): void {
  const all = ['project', 'help', ...known];
  for (const name of [...args.flags.keys(), ...args.switches]) {
    if (!all.includes(name))
      throw new UsageError(`${command}: unknown option --${name} (see ${command} --help)`);
  }
}
