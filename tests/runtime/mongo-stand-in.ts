/**
 * A stand-in for a MongoDB server, for the proof programs of the mongoose examples: MongoDB is
 * not among Debian's packages, and its own builds cannot be fetched here. It speaks the wire
 * protocol the Node.js driver speaks (the handshake by OP_QUERY, then OP_MSG) on loopback and
 * keeps a few collections in memory: enough that connections open, query and close as against
 * a real server. What the mongoose examples get wrong fails in the client (buffering timeouts
 * of a connection that was closed or never opened), as it does against a real server.
 */
import net from 'node:net';
import { BSON } from 'mongodb';

type Doc = BSON.Document;

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;
const HEADER_BYTES = 16;

export interface MongoStandIn {
  readonly url: string;
  close(): Promise<void>;
}

/** The collections, by name, whatever database a command names. */
type Collections = Map<string, Doc[]>;

function helloReply(connectionId: number): Doc {
  return {
    helloOk: true, ismaster: true, isWritablePrimary: true, maxBsonObjectSize: 16 * 1024 * 1024, maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000, localTime: new Date(), logicalSessionTimeoutMinutes: 30, connectionId, minWireVersion: 0,
    maxWireVersion: 21, readOnly: false, ok: 1,
  };
}

/** Plain equality on each field of the filter: the examples find by `_id` or find the first. */
function matches(doc: Doc, filter: Doc): boolean {
  return Object.entries(filter).every(([field, value]) => BSON.EJSON.stringify(doc[field]) === BSON.EJSON.stringify(value));
}

function cursorReply(ns: string, firstBatch: Doc[]): Doc {
  return { cursor: { id: BSON.Long.fromNumber(0), ns, firstBatch }, ok: 1 };
}

/** The reply to one command (its name is its first field). */
function reply(command: Doc, collections: Collections, connectionId: number): Doc {
  const name = Object.keys(command)[0] ?? '';
  const collection = String(command[name]);
  const ns = `${String(command.$db ?? 'test')}.${collection}`;
  if (name === 'hello' || name.toLowerCase() === 'ismaster') return helloReply(connectionId);
  if (name === 'find') {
    const found = (collections.get(collection) ?? []).filter((doc) => matches(doc, (command.filter as Doc | undefined) ?? {}));
    const limit = Math.abs(Number(command.limit ?? 0));
    return cursorReply(ns, limit > 0 ? found.slice(0, limit) : found);
  }
  if (name === 'aggregate' || name === 'listIndexes' || name === 'listCollections') return cursorReply(ns, []);
  if (name === 'insert') {
    const documents = (command.documents as Doc[] | undefined) ?? [];
    collections.set(collection, [...(collections.get(collection) ?? []), ...documents]);
    return { n: documents.length, ok: 1 };
  }
  if (name === 'update' || name === 'delete') return { n: 0, nModified: 0, ok: 1 };
  return { ok: 1 };
}

function message(requestId: number, responseTo: number, opCode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeInt32LE(HEADER_BYTES + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

/** OP_MSG: the body document (section 0) with the document sequences (section 1) as its arrays. */
function commandOfMsg(body: Buffer): { command: Doc; moreToCome: boolean } {
  const flags = body.readUInt32LE(0);
  const end = body.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  let command: Doc = {};
  const sequences: Record<string, Doc[]> = {};
  for (let at = 4; at < end;) {
    const kind = body[at]!;
    const size = body.readInt32LE(at + 1);
    if (kind === 0) {
      command = BSON.deserialize(body.subarray(at + 1, at + 1 + size));
      at += 1 + size;
      continue;
    }
    const nameEnd = body.indexOf(0, at + 5);
    const docs: Doc[] = [];
    for (let doc = nameEnd + 1; doc < at + 1 + size; doc += body.readInt32LE(doc)) docs.push(BSON.deserialize(body.subarray(doc, doc + body.readInt32LE(doc))));
    sequences[body.toString('utf8', at + 5, nameEnd)] = docs;
    at += 1 + size;
  }
  return { command: { ...command, ...sequences }, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

/** OP_QUERY (the driver's handshake): the query document after the flags, the name, skip and return. */
function commandOfQuery(body: Buffer): Doc {
  const nameEnd = body.indexOf(0, 4);
  const at = nameEnd + 1 + 8;
  return BSON.deserialize(body.subarray(at, at + body.readInt32LE(at)));
}

function answer(opCode: number, body: Buffer, requestId: number, collections: Collections, connectionId: number): Buffer | undefined {
  if (opCode === OP_QUERY) {
    const doc = BSON.serialize(reply(commandOfQuery(body), collections, connectionId));
    const fields = Buffer.alloc(20);
    fields.writeInt32LE(1, 16);
    return message(requestId, requestId, OP_REPLY, Buffer.concat([fields, doc]));
  }
  if (opCode !== OP_MSG) return undefined;
  const { command, moreToCome } = commandOfMsg(body);
  const doc = BSON.serialize(reply(command, collections, connectionId));
  return moreToCome ? undefined : message(requestId, requestId, OP_MSG, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), doc]));
}

function serveConnection(socket: net.Socket, collections: Collections, connectionId: number): void {
  let pending = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_BYTES && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      const out = answer(pending.readInt32LE(12), pending.subarray(HEADER_BYTES, length), pending.readInt32LE(4), collections, connectionId);
      pending = pending.subarray(length);
      if (out) socket.write(out);
    }
  });
}

/** Starts the stand-in on a free loopback port with the given collections; `url` names database `database`. */
export function startMongoStandIn(database: string, seed: Readonly<Record<string, Doc[]>>): Promise<MongoStandIn> {
  const collections: Collections = new Map(Object.entries(seed).map(([name, docs]) => [name, [...docs]]));
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, collections, ++connections);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const close = () => new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      });
      resolve({ url: `mongodb://127.0.0.1:${port}/${database}`, close });
    });
  });
}
