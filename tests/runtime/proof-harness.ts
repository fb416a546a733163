/**
 * The engine of the "every fix runs" proof: finds every fix and suggestion the rules offer on
 * a program, applies each one alone, runs the result in all its roles against the real
 * servers, and says which failures the fixed program has that the original had not.
 */
import net from 'node:net';
import { Linter } from 'eslint';
import { RULES, lintConfig, runProgram } from './harness.js';
import type { ForkSafeSettings, RunResult } from './harness.js';

/** A program of the proof, and how to run it so that every role it has ends. */
export interface ProofProgram {
  readonly name: string;
  /** The file whose fixes and suggestions are tried, and its text. */
  readonly subject: string;
  readonly code: string;
  /** The file that `node` runs (default: the subject). */
  readonly entry?: string;
  /** The other files of the program: drivers, receiving sides, helpers. */
  readonly files?: Readonly<Record<string, string>>;
  /** Code added after the subject's (fixed) text when it runs, never linted: ends its roles. */
  readonly append?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly settings?: ForkSafeSettings;
  /** The docs example it is, when it is one. */
  readonly docs?: { readonly rule: string; readonly index: number };
  /**
   * What the original run shows (default: no failure), and lines its output has: proof that
   * the program runs as meant, so its fixes are tried on a program that does its work.
   */
  readonly originalFailures?: readonly string[];
  /** Lines the output of the original and of every fixed program has: each role did its job. */
  readonly prints?: readonly string[];
  /** Every fix must make the program run without any failure (not only no new one). */
  readonly fixedRunsClean?: boolean;
}

/** One fix or suggestion of one report, and the subject's text with it applied alone. */
export interface Candidate {
  readonly rule: string;
  /** The report's text: after the fix, the subject must have fewer reports with this text. */
  readonly message: string;
  readonly label: string;
  readonly output: string;
}

/** What a run showed: its failures, one line each, and its output for the failure message. */
export interface Outcome {
  readonly failures: readonly string[];
  readonly result: RunResult;
}

function lintMessages(program: ProofProgram, code: string): Linter.LintMessage[] {
  return new Linter().verify(code, lintConfig(RULES, program.settings), program.subject).filter((message) => message.ruleId?.startsWith('fork-safe/'));
}

/** The text with one fix applied, as ESLint applies it (one range, one replacement text). */
function applied(code: string, fix: Linter.LintMessage['fix'] & object): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/** Every autofix and every suggestion of every report on the program's subject, each applied alone. */
export function candidatesOf(program: ProofProgram): Candidate[] {
  const candidates: Candidate[] = [];
  for (const message of lintMessages(program, program.code)) {
    const rule = message.ruleId!.slice('fork-safe/'.length);
    const at = `${rule} at line ${message.line}`;
    if (message.fix) candidates.push({ rule, message: message.message, label: `${at}: autofix`, output: applied(program.code, message.fix) });
    for (const suggestion of message.suggestions ?? []) {
      candidates.push({ rule, message: message.message, label: `${at}: suggestion "${suggestion.desc}"`, output: applied(program.code, suggestion.fix) });
    }
  }
  return candidates;
}

/** How many reports with the candidate's text the subject has, originally and after the candidate. */
export function reportsOfCandidate(program: ProofProgram, candidate: Candidate): { before: number; after: number } {
  const count = (code: string) => lintMessages(program, code).filter((message) => message.ruleId === `fork-safe/${candidate.rule}` && message.message === candidate.message).length;
  return { before: count(program.code), after: count(candidate.output) };
}

/**
 * Loaded into every process and thread of a run (`NODE_OPTIONS=--import`): names the role it
 * runs in, and writes each uncaught error and each failing exit of that role to stderr. A
 * monitor does not handle the error, so the program fails exactly as it would without it.
 */
const ROLE_PROBE = `
import cluster from 'node:cluster';
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const role = !isMainThread ? 'worker thread' : cluster.isWorker ? 'cluster worker' : process.send ? 'child process' : 'primary';
const report = (event) => fs.writeSync(2, '[proof] ' + role + ': ' + event + '\\n');
process.on('uncaughtExceptionMonitor', (error) => report('uncaught ' + (error?.name ?? typeof error) + ': ' + (error?.message ?? String(error))));
if (isMainThread) process.on('exit', (code) => { if (code !== 0) report('exit code ' + code); });
`;

const PROBE_LINE = /^\[proof\] ([^:]+): (.*)$/gm;

/** Ports, process ids and the like change from run to run; the failure stays the same. */
const normalized = (text: string) => text.replace(/\b\d{3,}\b/g, '#');

/** The run's failures: uncaught errors and failing exits per role, TypeErrors on stderr, and a run that did not end. */
export function failuresOf(result: RunResult): string[] {
  const failures = new Set<string>();
  for (const [, role, event] of result.stderr.matchAll(PROBE_LINE)) failures.add(`${role}: ${normalized(event!)}`);
  for (const line of result.stderr.split('\n')) {
    if (!line.startsWith('[proof]') && /\bTypeError\b/.test(line)) failures.add(`stderr: ${normalized(line.trim())}`);
  }
  if (result.code === null) failures.add('primary: did not end in time');
  else if (result.code !== 0) failures.add(`primary: exit code ${result.code}`);
  return [...failures].sort();
}

/** The failures of the fixed run that the original run did not have. */
export function newFailures(original: Outcome, fixed: Outcome): string[] {
  return fixed.failures.filter((failure) => !original.failures.includes(failure));
}

/** At most `slots` jobs at a time: the servers and the two cores take a few programs at once. */
function limiter(slots: number): <T>(job: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

const inTurn = limiter(3);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs the program with `subjectText` as its subject, with the role probe in every role. */
export function runWithRoles(program: ProofProgram, subjectText: string, env: Readonly<Record<string, string>>): Promise<Outcome> {
  return inTurn(async () => {
    const files = { ...program.files, [program.subject]: `${subjectText}\n${program.append ?? ''}`, 'role-probe.mjs': ROLE_PROBE };
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=./role-probe.mjs`.trim();
    const runEnv = { ...env, ...program.env, PORT: String(await freePort()), NODE_OPTIONS: nodeOptions };
    // Far longer than any program needs (1 to 3 s), so that a loaded machine does not fail one.
    const result = await runProgram(files, program.entry ?? program.subject, runEnv, 30_000);
    return { failures: failuresOf(result), result };
  });
}

/** The end of a run's output, to read when an assertion on it fails. */
export function describeRun(label: string, outcome: Outcome): string {
  const tail = (text: string) => text.split('\n').slice(-25).join('\n');
  return `${label}: failures ${JSON.stringify(outcome.failures)}\n--- stdout\n${tail(outcome.result.stdout)}\n--- stderr\n${tail(outcome.result.stderr)}`;
}
