/**
 * The command line of `fork-safe`: `fork-safe report [paths…] [--format text|json|mermaid]
 * [--max-connections N] [--config FILE]`. Every bad flag is an error that names it.
 */
import { DEFAULT_MAX_CONNECTIONS } from '../knowledge/deployment.js';

const FORMATS = ['text', 'json', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

export interface ReportArgs {
  readonly command: 'report';
  readonly patterns: readonly string[];
  readonly format: Format;
  readonly maxConnections?: number;
  readonly config?: string;
}

/** `usage`: no command at all, the usage goes to stderr. */
export type Parsed = ReportArgs | { readonly command: 'help' } | { readonly command: 'usage' } | { readonly command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: fork-safe report [paths…] [options]

Lints the project with its own ESLint configuration and prints the processes the code
starts, the connections each one holds, and the total per database server.

Options:
  -f, --format text|json|mermaid  output format (default: text)
  --max-connections N             the limit per database server (default: pool-size-per-worker's
                                  maxConnections in the ESLint configuration, else ${DEFAULT_MAX_CONNECTIONS})
  -c, --config FILE               the ESLint configuration file to use instead of eslint.config.*
  -h, --help                      this help
  -v, --version                   the plugin's version

Exit code: 0 within the limit, 1 when a server's known total is over it, 2 on an error.`;

interface Draft {
  patterns: string[];
  format: Format;
  maxConnections?: number;
  config?: string;
}

/** The value of a flag: `--flag value` or `--flag=value`. */
function valueOf(flag: string, inline: string | undefined, rest: string[], expects: string): string {
  const value = inline ?? rest.shift();
  if (value === undefined || (inline === undefined && value.startsWith('-'))) throw new UsageError(`${flag} needs a value: ${expects}.`);
  return value;
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}").`);
}

function parseLimit(value: string): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`--max-connections must be a whole number of at least 1 (got "${value}").`);
  return number;
}

/** Reads one option, and its value, into the draft. */
function readOption(arg: string, rest: string[], draft: Draft): void {
  const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
  switch (flag) {
    case '--format':
    case '-f':
      draft.format = parseFormat(valueOf(flag, inline, rest, FORMATS.join(', ')));
      return;
    case '--max-connections':
      draft.maxConnections = parseLimit(valueOf(flag, inline, rest, 'a whole number'));
      return;
    case '--config':
    case '-c':
      draft.config = valueOf(flag, inline, rest, 'a file');
      return;
    default:
      throw new UsageError(`unknown option ${flag}.`);
  }
}

export function parseArgs(argv: readonly string[]): Parsed {
  const rest = [...argv];
  const first = rest.shift();
  if (first === undefined) return { command: 'usage' };
  if (first === '-h' || first === '--help' || first === 'help') return { command: 'help' };
  if (first === '-v' || first === '--version') return { command: 'version' };
  if (first !== 'report') throw new UsageError(first.startsWith('-') ? `unknown option ${first}.` : `unknown command "${first}" (the command is \`report\`).`);
  const draft: Draft = { patterns: [], format: 'text' };
  let positional = false;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (positional || !arg.startsWith('-') || arg === '-') draft.patterns.push(arg);
    else if (arg === '--') positional = true;
    else if (arg === '-h' || arg === '--help') return { command: 'help' };
    else readOption(arg, rest, draft);
  }
  return { command: 'report', ...draft, patterns: draft.patterns.length > 0 ? draft.patterns : ['.'] };
}
