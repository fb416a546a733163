/**
 * `settings['fork-safe']`: parsed once per settings object, with an error that names the
 * exact key for anything unknown or mistyped.
 */
import type { ConnectionKind } from './knowledge/types.js';
import { compileGlob, GlobError } from './util/glob.js';

const SETTINGS_KEY = 'fork-safe';

/**
 * What an export of the project's own module is, as inference would find it (see
 * docs: the override for what inference cannot see): a factory (a new connection per
 * call, the default), the connection itself (one per process), or a wrapper that runs the
 * connect step or a close of one (`of`).
 */
type UserExportKind = 'factory' | 'connection' | 'connect' | 'close';

export interface UserConnection {
  /** A package name (`@acme/db`) or a path relative to the working directory (`./src/db`). */
  readonly module: string;
  /** Export path: `default`, `createDb`, or a dotted path such as `Db.create`. */
  readonly export: string;
  readonly is: UserExportKind;
  /**
   * For a connect or close wrapper: the connection it acts on, another export of the same
   * module declared with `"is": "connection"`, or a library's default connection (`mongoose`).
   */
  readonly of?: string;
  readonly kind: ConnectionKind;
  readonly eager: boolean;
  readonly close: readonly string[];
  readonly release: readonly string[];
  readonly connect: readonly string[];
  readonly construct: 'call' | 'new' | 'both';
}

interface ForkSafeSettings {
  readonly connections: readonly UserConnection[];
  /** Globs of worker entry files (relative to the working directory), compiled. */
  readonly workerFiles: readonly RegExp[];
}

export class ForkSafeSettingsError extends Error {
  constructor(path: string, problem: string) {
    super(`eslint-plugin-fork-safe: settings['${SETTINGS_KEY}']${path} ${problem}`);
    this.name = 'ForkSafeSettingsError';
  }
}

const EMPTY: ForkSafeSettings = { connections: [], workerFiles: [] };
const parsed = new WeakMap<object, ForkSafeSettings>();

type Field = 'string' | 'boolean' | 'string[]' | readonly string[];

const EXPORT_KINDS: readonly UserExportKind[] = ['factory', 'connection', 'connect', 'close'];
/** What describes the connection itself: not written on a connect or close row, whose `of` says which one it is. */
const CONNECTION_FACTS = ['kind', 'eager', 'close', 'release', 'connect', 'construct'];

const CONNECTION_FIELDS: Readonly<Record<string, { type: Field; required: boolean }>> = {
  module: { type: 'string', required: true },
  export: { type: 'string', required: true },
  kind: { type: ['pool', 'client'], required: false },
  eager: { type: 'boolean', required: false },
  close: { type: 'string[]', required: false },
  release: { type: 'string[]', required: false },
  connect: { type: 'string[]', required: false },
  construct: { type: ['call', 'new', 'both'], required: false },
  is: { type: EXPORT_KINDS, required: false },
  of: { type: 'string', required: false },
};

const TOP_LEVEL_FIELDS = ['connections', 'workerFiles'] as const;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkField(path: string, value: unknown, type: Field): void {
  if (type === 'string') {
    if (typeof value !== 'string' || value.trim() === '') throw new ForkSafeSettingsError(path, `must be a non-empty string (got ${describe(value)}).`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') throw new ForkSafeSettingsError(path, `must be true or false (got ${describe(value)}).`);
  } else if (type === 'string[]') {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
      throw new ForkSafeSettingsError(path, `must be an array of method names (got ${describe(value)}).`);
    }
  } else if (!type.includes(value as string)) {
    throw new ForkSafeSettingsError(path, `must be one of ${type.map((t) => `"${t}"`).join(', ')} (got ${describe(value)}).`);
  }
}

function parseConnection(raw: unknown, index: number): UserConnection {
  const path = `.connections[${index}]`;
  if (!isPlainObject(raw)) throw new ForkSafeSettingsError(path, `must be an object (got ${describe(raw)}).`);
  for (const key of Object.keys(raw)) {
    if (!(key in CONNECTION_FIELDS)) {
      throw new ForkSafeSettingsError(`${path}.${key}`, `is not a known key; use one of: ${Object.keys(CONNECTION_FIELDS).join(', ')}.`);
    }
  }
  for (const [key, field] of Object.entries(CONNECTION_FIELDS)) {
    if (raw[key] === undefined) {
      if (field.required) throw new ForkSafeSettingsError(`${path}.${key}`, 'is required.');
      continue;
    }
    checkField(`${path}.${key}`, raw[key], field.type);
  }
  const is = (raw.is as UserExportKind | undefined) ?? 'factory';
  checkShape(path, raw, is);
  return {
    module: raw.module as string,
    export: raw.export as string,
    is,
    ...(raw.of === undefined ? {} : { of: raw.of as string }),
    kind: (raw.kind as ConnectionKind | undefined) ?? 'client',
    eager: (raw.eager as boolean | undefined) ?? false,
    close: (raw.close as string[] | undefined) ?? [],
    release: (raw.release as string[] | undefined) ?? [],
    connect: (raw.connect as string[] | undefined) ?? [],
    construct: (raw.construct as UserConnection['construct'] | undefined) ?? 'both',
  };
}

/** The keys each kind of row needs, and those it cannot have. */
function checkShape(path: string, raw: Record<string, unknown>, is: UserExportKind): void {
  const wrapper = is === 'connect' || is === 'close';
  if (wrapper) {
    if (raw.of === undefined) throw new ForkSafeSettingsError(`${path}.of`, `is required for "is": "${is}": name the connection it acts on (another export of "${String(raw.module)}", or a library such as "mongoose").`);
    const extra = CONNECTION_FACTS.find((key) => raw[key] !== undefined);
    if (extra) throw new ForkSafeSettingsError(`${path}.${extra}`, `is not used by "is": "${is}": the connection named by "of" says it.`);
    return;
  }
  if (raw.of !== undefined) throw new ForkSafeSettingsError(`${path}.of`, `is used only by "is": "connect" or "close" (this row is "${is}").`);
  if (raw.kind === undefined) throw new ForkSafeSettingsError(`${path}.kind`, 'is required.');
  if (is === 'connection' && raw.construct !== undefined) throw new ForkSafeSettingsError(`${path}.construct`, 'is not used by "is": "connection": the export is the connection, not a factory.');
}

function parseWorkerFiles(raw: unknown): RegExp[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ForkSafeSettingsError('.workerFiles', `must be an array of glob patterns (got ${describe(raw)}).`);
  return raw.map((pattern, index) => {
    const path = `.workerFiles[${index}]`;
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      throw new ForkSafeSettingsError(path, `must be a non-empty glob pattern (got ${describe(pattern)}).`);
    }
    try {
      return compileGlob(pattern);
    } catch (error) {
      if (error instanceof GlobError) throw new ForkSafeSettingsError(path, `is not a valid glob: ${JSON.stringify(pattern)} ${error.message}.`);
      throw error;
    }
  });
}

/** Reads and validates the plugin's settings; throws ForkSafeSettingsError on bad input. */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): ForkSafeSettings {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined) return EMPTY;
  if (!isPlainObject(raw)) throw new ForkSafeSettingsError('', `must be an object (got ${describe(raw)}).`);
  const cached = parsed.get(raw);
  if (cached) return cached;
  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_FIELDS as readonly string[]).includes(key)) {
      throw new ForkSafeSettingsError(`.${key}`, `is not a known setting; this version supports: ${TOP_LEVEL_FIELDS.join(', ')}.`);
    }
  }
  let connections: UserConnection[] = [];
  if (raw.connections !== undefined) {
    if (!Array.isArray(raw.connections)) {
      throw new ForkSafeSettingsError('.connections', `must be an array (got ${describe(raw.connections)}).`);
    }
    connections = raw.connections.map(parseConnection);
  }
  const result: ForkSafeSettings = { connections, workerFiles: parseWorkerFiles(raw.workerFiles) };
  parsed.set(raw, result);
  return result;
}
