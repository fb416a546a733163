/**
 * The editor as a client: vscode-eslint's language server (vscode-langservers-extracted),
 * driven over stdio as VS Code drives it, on a defective file of tests/fixtures/lsp/ (its
 * own flat config, the recommended preset). Diagnostics are pulled; the docs links, quick
 * fixes and suggestions it offers are the plugin's, and applying one gives ESLint's text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { ruleDocsUrl } from '../../src/create-rule.js';
import { LspClient } from './helpers/lsp-client.js';

const root = path.resolve(import.meta.dirname, '../..');
const folder = path.join(root, 'tests/fixtures/lsp');
const file = path.join(folder, 'src/server.js');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
const serverBin = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');

interface Position {
  line: number;
  character: number;
}
interface TextEdit {
  range: { start: Position; end: Position };
  newText: string;
}
interface Diagnostic {
  range: { start: Position; end: Position };
  severity: number;
  source: string;
  code: string;
  codeDescription?: { href: string };
  message: string;
}
interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  command: { command: string; arguments: unknown[] };
}
interface WorkspaceEdit {
  documentChanges?: { textDocument: { uri: string }; edits: TextEdit[] }[];
  changes?: Record<string, TextEdit[]>;
}

/** What VS Code answers to `workspace/configuration` with the extension's defaults. */
const SETTINGS = {
  validate: 'on',
  packageManager: 'npm',
  useESLintClass: false,
  useFlatConfig: true,
  experimental: { useFlatConfig: false },
  codeActionOnSave: { enable: false, mode: 'all' },
  format: false,
  quiet: false,
  onIgnoredFiles: 'off',
  options: {},
  rulesCustomizations: [],
  run: 'onType',
  problems: { shortenToSingleLine: false },
  nodePath: null,
  workspaceFolder: { uri: pathToFileURL(folder).href, name: 'lsp' },
  codeAction: {
    disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
    showDocumentation: { enable: true },
  },
};

const CAPABILITIES = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { codeDescriptionSupport: true },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll.eslint'] } } },
  },
};

function offsetOf(source: string, position: Position): number {
  const lines = source.split('\n');
  return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
}

function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(source, b.range.start) - offsetOf(source, a.range.start));
  return sorted.reduce((result, edit) => result.slice(0, offsetOf(source, edit.range.start)) + edit.newText + result.slice(offsetOf(source, edit.range.end)), source);
}

function editsFor(edit: WorkspaceEdit): TextEdit[] {
  if (edit.documentChanges) return edit.documentChanges.filter((change) => change.textDocument.uri === uri).flatMap((change) => change.edits);
  return edit.changes?.[uri] ?? [];
}

function applyFix(source: string, fix: Linter.LintMessage['fix'] & object): string {
  return source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]);
}

let client: LspClient;
let diagnostics: Diagnostic[];
let eslintMessages: Linter.LintMessage[];

beforeAll(async () => {
  const [result] = await new ESLint({ cwd: folder }).lintFiles([file]);
  eslintMessages = result!.messages;

  client = new LspClient(process.execPath, [serverBin, '--stdio'], folder);
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => SETTINGS));
  client.onRequest('workspace/applyEdit', () => ({ applied: true }));
  client.onRequest('eslint/openDoc', () => ({}));
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'lsp' }],
    capabilities: CAPABILITIES,
  });
  client.notify('initialized', {});
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
  const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
  expect(report.kind).toBe('full');
  diagnostics = report.items;
});

afterAll(async () => {
  await client.close();
});

function codeActions(diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 1 } });
}

/** Runs a code action's command and returns the text the server's edit makes of the file. */
async function apply(action: CodeAction): Promise<string> {
  const applied = client.nextRequest('workspace/applyEdit');
  await client.request('workspace/executeCommand', action.command);
  return applyEdits(text, editsFor(((await applied).params as { edit: WorkspaceEdit }).edit));
}

function byRule(ruleId: string): Diagnostic {
  return diagnostics.find((diagnostic) => diagnostic.code === ruleId)!;
}

it('pulls the same diagnostics ESLint reports, each linking to its rule docs', () => {
  expect(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.source} ${d.severity}`)).toEqual([
    '7:18 fork-safe/no-connection-before-fork eslint 1',
    '13:45 fork-safe/no-connection-transfer eslint 1',
  ]);
  expect(diagnostics.map((d) => d.message)).toEqual(eslintMessages.map((m) => m.message));
  for (const diagnostic of diagnostics) {
    expect(diagnostic.codeDescription?.href).toBe(ruleDocsUrl(diagnostic.code.slice('fork-safe/'.length)));
  }
});

it('offers the autofix first, then disabling and the docs, for a fixable report', async () => {
  const actions = await codeActions(byRule('fork-safe/no-connection-before-fork'));
  expect(actions.map((action) => action.title)).toEqual([
    'Fix this fork-safe/no-connection-before-fork problem',
    'Disable fork-safe/no-connection-before-fork for this line',
    'Disable fork-safe/no-connection-before-fork for the entire file',
    'Show documentation for fork-safe/no-connection-before-fork',
    'Fix all auto-fixable problems',
  ]);
  expect(actions[0]!.isPreferred).toBe(true);
});

it('applies the autofix to the text ESLint --fix writes', async () => {
  const [fix] = await codeActions(byRule('fork-safe/no-connection-before-fork'));
  const fixed = await apply(fix!);
  const [eslintFixed] = await new ESLint({ cwd: folder, fix: true }).lintFiles([file]);
  expect(fixed).toBe(eslintFixed!.output);
  expect(fixed).toContain('} else {\n  const sessions = new Redis(process.env.SESSION_REDIS_URL);\n');
});

it('offers the suggestion of a report that has no autofix, and applies it', async () => {
  const actions = await codeActions(byRule('fork-safe/no-connection-transfer'));
  const suggestion = eslintMessages.find((m) => m.ruleId === 'fork-safe/no-connection-transfer')!.suggestions![0]!;
  expect(actions.map((action) => action.title)).toEqual([
    `${suggestion.desc} (fork-safe/no-connection-transfer)`,
    'Disable fork-safe/no-connection-transfer for this line',
    'Disable fork-safe/no-connection-transfer for the entire file',
    'Show documentation for fork-safe/no-connection-transfer',
  ]);
  const fixed = await apply(actions[0]!);
  expect(fixed).toBe(applyFix(text, suggestion.fix));
  expect(fixed).toContain('workerData: { pool: { connectionString: process.env.DATABASE_URL } }');
});

it('opens the rule docs at the rule URL', async () => {
  const actions = await codeActions(byRule('fork-safe/no-connection-transfer'));
  const docs = actions.find((action) => action.title.startsWith('Show documentation'))!;
  const opened = client.nextRequest('eslint/openDoc');
  await client.request('workspace/executeCommand', docs.command);
  expect((await opened).params).toEqual({ url: ruleDocsUrl('no-connection-transfer') });
});

it('drops the report once the edited text no longer has the defect', async () => {
  const [fix] = await codeActions(byRule('fork-safe/no-connection-before-fork'));
  const fixed = await apply(fix!);
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const report = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
  expect(report.items.map((d) => `${d.range.start.line + 1} ${d.code}`)).toEqual(['13 fork-safe/no-connection-transfer']);
});
