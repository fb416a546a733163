/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length
 * framing), enough to drive a language server as an editor does. Every wait is for an
 * exact message: a response by its id, or a request from the server by its method.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

type RequestHandler = (params: unknown) => unknown;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface ServerRequest {
  readonly method: string;
  readonly params: unknown;
}

export class LspClient {
  private readonly server: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, RequestHandler>();
  /** Requests the server sent that no `nextRequest()` has claimed yet, in order. */
  private readonly received: ServerRequest[] = [];
  private readonly waiters: { method: string; resolve: (request: ServerRequest) => void }[] = [];
  private stderr = '';

  constructor(command: string, args: readonly string[], cwd: string) {
    this.server = spawn(command, args, { cwd, stdio: 'pipe' });
    this.server.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    this.server.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.server.on('exit', (code) => this.failAll(new Error(`language server exited (${code}): ${this.stderr}`)));
  }

  /** How the client answers a request from the server (unhandled ones get `null`). */
  onRequest(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  request<Result>(method: string, params: unknown): Promise<Result> {
    const id = this.nextId++;
    const response = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return response as Promise<Result>;
  }

  /** The first request with `method` the server sends from now on (or has sent, unclaimed). */
  nextRequest(method: string): Promise<ServerRequest> {
    const index = this.received.findIndex((request) => request.method === method);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]!);
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** `shutdown`, `exit`, and the process's end. */
  async close(): Promise<void> {
    if (this.server.exitCode !== null) return;
    const exited = new Promise((resolve) => this.server.once('exit', resolve));
    await this.request('shutdown', null);
    this.notify('exit', null);
    await exited;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let message = this.nextMessage(); message; message = this.nextMessage()) this.dispatch(message);
  }

  private nextMessage(): Message | undefined {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return undefined;
    const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
    const start = headerEnd + 4;
    if (this.buffer.length < start + length) return undefined;
    const body = this.buffer.subarray(start, start + length).toString('utf8');
    this.buffer = this.buffer.subarray(start + length);
    return JSON.parse(body) as Message;
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      this.settle(message);
    } else if (message.id !== undefined) {
      const request = { method: message.method, params: message.params };
      const result = this.handlers.get(message.method)?.(message.params) ?? null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      const waiter = this.waiters.findIndex((candidate) => candidate.method === request.method);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(request);
      else this.received.push(request);
    }
  }

  private settle(response: Message): void {
    const pending = this.pending.get(response.id as number);
    if (!pending) return;
    this.pending.delete(response.id as number);
    if (response.error) pending.reject(new Error(`${response.error.code}: ${response.error.message}`));
    else pending.resolve(response.result);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
