/**
 * Connection libraries: one row per factory, one entity per kind of live object.
 * Sources for each fact are in docs/knowledge.md; the driver's own code is the final word.
 */
import { LAST_OBJECT, type ApiRow, type ConnectionFacts, type Entity, type HeldRow, type ModuleRow, type OlderMajor, type PoolSize } from './types.js';


function entity(
  id: string,
  noun: string,
  connection: ConnectionFacts,
  extra: Omit<Entity, 'id' | 'library' | 'noun' | 'connection'> = {},
): Entity {
  return { id, library: id.slice(0, id.lastIndexOf('.')), noun, connection, ...extra };
}

function checkedOut(id: string, release: readonly string[], extra: Partial<ConnectionFacts> = {}): Entity {
  return entity(id, 'checked-out client', {
    kind: 'client',
    eager: true,
    close: [],
    release,
    checkedOut: true,
    ...extra,
  });
}

const news = (path: string[], produces: string, more: Partial<ApiRow> = {}): ApiRow => ({ path, via: 'new', produces, ...more });
const calls = (path: string[], produces: string, more: Partial<ApiRow> = {}): ApiRow => ({ path, via: 'call', produces, ...more });
const either = (path: string[], produces: string, more: Partial<ApiRow> = {}): ApiRow => ({ path, via: 'both', produces, ...more });

/**
 * mongodb 4 and later (and mongoose 6 and later): `maxPoolSize`, 100 by default. They reject
 * `poolSize` ("option poolsize is not supported"), so code that sets it runs on mongodb 3 /
 * mongoose 5, where it is the size: read either way, whatever major the project says.
 */
const MONGODB_POOL: PoolSize = { options: [['maxPoolSize'], ['poolSize']], arg: 1, default: 100, uriParam: { arg: 0, name: 'maxPoolSize' } };

/**
 * mongodb 3 (and mongoose 5 on it): `poolSize`, 5 by default under the legacy topology and
 * 10 under `useUnifiedTopology: true`, where `maxPoolSize` also sets it (docs/knowledge.md).
 */
const MONGODB_3_POOL: PoolSize = {
  options: [['poolSize'], ['maxPoolSize']], arg: 1, default: 5, uriParam: { arg: 0, name: 'maxPoolSize' },
  defaultIf: { option: 'useUnifiedTopology', equals: true, default: 10 },
};
const MONGODB_3: OlderMajor = { below: 4, label: 'mongodb 3', connection: { poolSize: MONGODB_3_POOL, afterClose: { error: 'topology was destroyed' } } };
// mongoose 5 buffers again after a close (lib/collection.js:91-95 of 5.13.23), so the next query times out.
const MONGOOSE_5: OlderMajor = {
  below: 6, label: 'mongoose 5',
  connection: { poolSize: MONGODB_3_POOL, afterClose: { error: 'Operation `<collection>.<method>()` buffering timed out after 10000ms' } },
};

/** Libraries that keep one default connection in the module itself: the module object holds it. */
const MONGOOSE_DEFAULT: HeldRow = { holder: 'library:mongoose', entity: 'mongoose.Mongoose' };
const MSSQL_GLOBAL: HeldRow = { holder: 'library:mssql', entity: 'mssql.GlobalPool' };

export const CONNECTION_ENTITIES: readonly Entity[] = [
  // pg: `new Pool()` opens nothing until the first query or checkout; idle clients close after 10 s.
  entity('pg.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['end'],
    poolSize: { options: [['max'], ['poolSize']], arg: 0, default: 10 }, closesIdle: true,
    keepIdleOption: { arg: 0, name: 'idleTimeoutMillis' },
    afterClose: { error: 'Cannot use a pool after calling end on the pool' }, // pg-pool/index.js
  }, { handsOut: { connect: 'pg.PoolClient' }, callbacks: { connect: { param: 1, entity: 'pg.PoolClient' } } }),
  entity('pg.Client', 'client', {
    kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['end'], sockets: [['connection', 'stream']],
    afterClose: { error: 'Client was closed and is not queryable' }, // pg/lib/client.js
  }),
  checkedOut('pg.PoolClient', ['release'], { sockets: [['connection', 'stream']] }),

  entity('mysql.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['end'],
    poolSize: { options: [['connectionLimit']], arg: 0, default: 10 }, closesIdle: false,
    afterClose: { error: 'Pool is closed.' },
  }, { handsOut: { getConnection: 'mysql.PoolConnection' }, callbacks: { getConnection: { param: 1, entity: 'mysql.PoolConnection' } } }),
  entity('mysql.PoolCluster', 'pool cluster', { kind: 'pool', eager: false, close: ['end'] }, {
    handsOut: { getConnection: 'mysql.PoolConnection' }, callbacks: { getConnection: { param: 1, entity: 'mysql.PoolConnection' } },
  }),
  entity('mysql.Connection', 'connection', {
    kind: 'client', eager: false, connect: ['connect'], close: ['end', 'destroy'], sockets: [['_socket']],
  }),
  checkedOut('mysql.PoolConnection', ['release'], { close: ['destroy'] }),

  entity('mysql2.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['end'],
    poolSize: { options: [['connectionLimit']], arg: 0, default: 10 }, closesIdle: false,
    afterClose: { error: 'Pool is closed.' }, // mysql2/lib/base/pool.js
  }, {
    handsOut: { getConnection: 'mysql2.PoolConnection', promise: 'mysql2.Pool' },
    callbacks: { getConnection: { param: 1, entity: 'mysql2.PoolConnection' } },
  }),
  entity('mysql2.PoolCluster', 'pool cluster', { kind: 'pool', eager: false, close: ['end'] }, {
    handsOut: { getConnection: 'mysql2.PoolConnection' }, callbacks: { getConnection: { param: 1, entity: 'mysql2.PoolConnection' } },
  }),
  entity('mysql2.Connection', 'connection', {
    kind: 'client', eager: true, close: ['end', 'destroy'], sockets: [['stream'], ['connection', 'stream']],
    afterClose: { error: "Can't add new command when connection is in closed state" }, // mysql2/lib/base/connection.js
  }, { handsOut: { promise: 'mysql2.Connection' } }),
  checkedOut('mysql2.PoolConnection', ['release'], { close: ['destroy'], sockets: [['stream'], ['connection', 'stream']] }),

  entity('mongodb.MongoClient', 'client', {
    kind: 'pool', eager: false, connect: ['connect'], close: ['close'], definitions: ['db'],
    poolSize: MONGODB_POOL, closesIdle: false,
    afterClose: { error: 'Client must be connected before running operations' }, // execute_operation.js autoConnect
  }, {
    handsOut: { db: 'mongodb.Db', startSession: 'mongodb.ClientSession' },
    // mongodb 3 and 4: `client.connect((err, client) => …)`; 5 and later return a promise only.
    callbacks: { connect: { param: 1, entity: 'mongodb.MongoClient' } },
    olderMajors: [MONGODB_3],
  }),
  entity('mongodb.Db', 'database handle', { kind: 'client', eager: false, close: [], definitions: ['collection'] }, {
    handsOut: { collection: 'mongodb.Collection' },
  }),
  entity('mongodb.Collection', 'collection', { kind: 'client', eager: false, close: [] }),
  entity('mongodb.ClientSession', 'session', { kind: 'client', eager: false, close: ['endSession'] }),

  // The module object (and what `mongoose.connect()` resolves to): mostly API, and the default connection.
  entity('mongoose.Mongoose', 'default connection', {
    kind: 'pool', eager: false, connect: ['connect', 'openUri'], requiresConnect: true, close: ['disconnect'],
    definitions: ['model', 'Schema', 'set', 'plugin', 'pluralize'], onlyUses: ['startSession', 'syncIndexes'],
    poolSize: MONGODB_POOL, closesIdle: false,
    afterClose: { error: 'Client must be connected before running operations' }, // once opened, mongoose stops buffering (lib/collection.js:31, 72-74, 84): the driver refuses
  }, { properties: { connection: 'mongoose.Connection' }, olderMajors: [MONGOOSE_5] }),
  // What the named `model` export makes (`import { model } from 'mongoose'`): a model that talks through the default connection, as `mongoose.model()` does.
  entity('mongoose.Mongoose#definition', 'definition of the default connection', { kind: 'client', eager: false, close: [], borrowsConnection: true }),
  entity('mongoose.Connection', 'connection', {
    kind: 'pool', eager: true, close: ['close', 'destroy'], definitions: ['model', 'useDb'],
    poolSize: MONGODB_POOL, closesIdle: false,
    afterClose: { error: 'Client must be connected before running operations' },
  }, {
    handsOut: { getClient: 'mongodb.MongoClient', asPromise: 'mongoose.Connection', useDb: 'mongoose.Connection', openUri: 'mongoose.Connection' },
    properties: { db: 'mongodb.Db' },
    olderMajors: [MONGOOSE_5],
  }),

  // `duplicate()` opens a new connection of its own rather than hand out a view of this one.
  entity('ioredis.Redis', 'client', {
    kind: 'client', eager: true, lazyOption: { arg: LAST_OBJECT, name: 'lazyConnect' },
    connect: ['connect'], close: ['quit', 'disconnect'], sockets: [['stream']],
    afterClose: { error: 'Connection is closed.' }, // ioredis/built/utils CONNECTION_CLOSED_ERROR_MSG
  }, { handsOut: { duplicate: 'ioredis.Redis' }, freshHandouts: ['duplicate'] }),
  entity('ioredis.Cluster', 'cluster client', {
    kind: 'client', eager: true, lazyOption: { arg: LAST_OBJECT, name: 'lazyConnect' },
    connect: ['connect'], close: ['quit', 'disconnect'],
    afterClose: { error: 'Connection is closed.' },
  }, { handsOut: { duplicate: 'ioredis.Cluster' }, freshHandouts: ['duplicate'] }),

  // node-redis v4 and later: nothing is opened until `connect()`. v5 adds close()/destroy().
  // v3 and earlier connect in `createClient()` and queue commands until ready; there is no `connect()`.
  entity('redis.Client', 'client', {
    kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['quit', 'disconnect', 'close', 'destroy'],
    afterClose: { error: 'The client is closed' }, // @redis/client ClientClosedError
  }, {
    handsOut: { duplicate: 'redis.Client', connect: 'redis.Client' }, freshHandouts: ['duplicate'],
    olderMajors: [{
      below: 4, label: 'redis ≤3',
      connection: { eager: true, requiresConnect: false, connect: [], close: ['quit', 'end'], afterClose: { error: 'The connection is already closed.' } },
    }],
  }),
  entity('redis.Cluster', 'cluster client', {
    kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['quit', 'disconnect', 'close', 'destroy'],
    afterClose: { error: 'The client is closed' },
  }, { handsOut: { duplicate: 'redis.Cluster', connect: 'redis.Cluster' }, freshHandouts: ['duplicate'] }),
  // Keeps `minimum` (1) clients open; only clients above it are cleaned up.
  entity('redis.ClientPool', 'client pool', {
    kind: 'pool', eager: false, connect: ['connect'], close: ['close', 'destroy'],
    poolSize: { options: [['maximum']], arg: 1, default: 100 }, closesIdle: false,
  }),
  // redis@3 underneath: the socket opens in the constructor.
  entity('async-redis.Client', 'client', { kind: 'client', eager: true, close: ['quit', 'end'] }),

  entity('knex.Knex', 'instance', {
    kind: 'pool', eager: false, close: ['destroy'],
    poolSize: { options: [['pool', 'max']], arg: 0, default: 10 }, closesIdle: false,
    afterClose: { error: 'Unable to acquire a connection' }, // knex/lib/client.js acquireConnection
  }, { handsOut: { transaction: 'knex.Transaction' }, callbacks: { transaction: { param: 0, entity: 'knex.Transaction' } } }),
  entity('knex.Transaction', 'transaction', {
    kind: 'client', eager: true, close: [], release: ['commit', 'rollback'], checkedOut: true,
  }),

  entity('sequelize.Sequelize', 'instance', {
    kind: 'pool', eager: false, connect: ['authenticate'], close: ['close'], definitions: ['define', 'model', 'import'],
    poolSize: { options: [['pool', 'max']], arg: LAST_OBJECT, default: 5 }, closesIdle: true,
  }, { handsOut: { transaction: 'sequelize.Transaction' }, callbacks: { transaction: { param: 0, entity: 'sequelize.Transaction' } } }),
  // sequelize-typescript's Sequelize extends sequelize's and only adds model registration.
  entity('sequelize-typescript.Sequelize', 'instance', {
    kind: 'pool', eager: false, connect: ['authenticate'], close: ['close'],
    definitions: ['define', 'model', 'import', 'addModels', 'getRepository'],
    poolSize: { options: [['pool', 'max']], arg: LAST_OBJECT, default: 5 }, closesIdle: true,
  }, { handsOut: { transaction: 'sequelize.Transaction' }, callbacks: { transaction: { param: 0, entity: 'sequelize.Transaction' } } }),
  entity('sequelize.Transaction', 'transaction', {
    kind: 'client', eager: true, close: [], release: ['commit', 'rollback'], checkedOut: true,
  }),

  entity('typeorm.DataSource', 'data source', {
    kind: 'pool', eager: false, connect: ['initialize', 'connect'], requiresConnect: true, close: ['destroy', 'close'],
    definitions: ['getRepository', 'getTreeRepository', 'getMongoRepository', 'createQueryBuilder'],
    poolSize: { options: [['poolSize'], ['extra', 'max'], ['extra', 'connectionLimit']], arg: 0 },
  }, {
    handsOut: { createQueryRunner: 'typeorm.QueryRunner', initialize: 'typeorm.DataSource', connect: 'typeorm.DataSource' },
    properties: { manager: 'typeorm.EntityManager' },
    callbacks: { transaction: { param: 0, entity: 'typeorm.EntityManager' } },
  }),
  checkedOut('typeorm.QueryRunner', ['release']),
  // `manager.transaction(async (m) => …)`: `m` is the transaction's own manager.
  entity('typeorm.EntityManager', 'entity manager', { kind: 'client', eager: false, close: [] }, {
    callbacks: { transaction: { param: 0, entity: 'typeorm.EntityManager' } },
  }),

  entity('@prisma/client.PrismaClient', 'client', {
    kind: 'pool', eager: false, connect: ['$connect'], close: ['$disconnect'], closesIdle: true,
    // Prisma connects again on the next query: the cost is a new connection per task.
    afterClose: { reconnects: true },
  }, { callbacks: { $transaction: { param: 0, entity: '@prisma/client.PrismaClient' } } }),

  entity('postgres.Sql', 'pool', {
    kind: 'pool', eager: false, close: ['end'],
    poolSize: { options: [['max']], arg: LAST_OBJECT, default: 10 }, closesIdle: false,
  }, { handsOut: { reserve: 'postgres.ReservedSql' }, callbacks: { begin: { param: 0, entity: 'postgres.ReservedSql' } } }),
  checkedOut('postgres.ReservedSql', ['release']),

  entity('kysely.Kysely', 'instance', { kind: 'pool', eager: false, close: ['destroy'] }),
  entity('drizzle-orm.Database', 'database', { kind: 'pool', eager: false, close: [] }),

  // `poolMin` defaults to 0, so createPool opens nothing; idle connections close after 60 s.
  entity('oracledb.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['close', 'terminate'],
    poolSize: { options: [['poolMax']], arg: 0, default: 4 }, closesIdle: true,
  }, { handsOut: { getConnection: 'oracledb.PooledConnection' } }),
  // A pooled oracledb connection goes back to its pool with close().
  checkedOut('oracledb.PooledConnection', ['close', 'release']),
  entity('oracledb.Connection', 'connection', { kind: 'client', eager: true, close: ['close', 'release'] }),

  entity('mssql.ConnectionPool', 'pool', {
    kind: 'pool', eager: false, connect: ['connect'], requiresConnect: true, close: ['close'],
    poolSize: { options: [['pool', 'max']], arg: 0, default: 10 }, closesIdle: true,
  }, { handsOut: { connect: 'mssql.ConnectionPool', transaction: 'mssql.Transaction' } }),
  // The module object: its API, and the global pool `sql.connect()` makes (`sql.query`, `new sql.Request()`).
  // `new sql.Request()` and its kin run on the global pool: as good as a query.
  entity('mssql.GlobalPool', 'pool', {
    kind: 'pool', eager: false, connect: ['connect'], requiresConnect: true, close: ['close'],
    onlyUses: ['query', 'batch', 'Request', 'Transaction', 'PreparedStatement'],
    poolSize: { options: [['pool', 'max']], arg: 0, default: 10 }, closesIdle: true,
  }),
  entity('mssql.Transaction', 'transaction', {
    kind: 'client', eager: true, close: [], release: ['commit', 'rollback'], checkedOut: true,
  }),
  // tedious 10+ connects at connect(); 7 connected in the constructor, 8-9 on the next tick.
  entity('tedious.Connection', 'connection', { kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['close'], sockets: [['socket']] }),

  entity('better-sqlite3.Database', 'database', { kind: 'client', eager: true, close: ['close'] }),
  entity('sqlite3.Database', 'database', { kind: 'client', eager: true, close: ['close'] }),

  entity('amqplib.Connection', 'connection', { kind: 'client', eager: true, close: ['close'], sockets: [['connection', 'stream']] }, {
    handsOut: { createChannel: 'amqplib.Channel', createConfirmChannel: 'amqplib.Channel' },
    callbacks: { createChannel: { param: 1, entity: 'amqplib.Channel' }, createConfirmChannel: { param: 1, entity: 'amqplib.Channel' } },
  }),
  entity('amqplib.Channel', 'channel', { kind: 'client', eager: true, close: ['close'] }),

  entity('kafkajs.Producer', 'producer', { kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['disconnect'] }),
  entity('kafkajs.Consumer', 'consumer', { kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['disconnect'] }),
  entity('kafkajs.Admin', 'admin client', { kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['disconnect'] }),
  entity('kafka-node.KafkaClient', 'client', { kind: 'client', eager: true, close: ['close'] }),
  // A producer or consumer sends through the client it is given and opens nothing itself; its close() closes that client.
  entity('kafka-node.Producer', 'producer', { kind: 'client', eager: false, borrowsConnection: true, close: ['close'] }),
  entity('kafka-node.Consumer', 'consumer', { kind: 'client', eager: false, borrowsConnection: true, close: ['close'] }),
  // A consumer group makes a KafkaClient of its own, which connects at once.
  entity('kafka-node.ConsumerGroup', 'consumer group', { kind: 'client', eager: true, close: ['close'] }),

  entity('nats.NatsConnection', 'connection', { kind: 'client', eager: true, close: ['close', 'drain'], sockets: [['protocol', 'transport', 'socket']] }),
  entity('cassandra-driver.Client', 'client', { kind: 'pool', eager: false, connect: ['connect'], close: ['shutdown'], closesIdle: false }),
  entity('@elastic/elasticsearch.Client', 'client', { kind: 'pool', eager: false, close: ['close'], closesIdle: true }, {
    handsOut: { child: '@elastic/elasticsearch.Client' },
  }),

  entity('@neondatabase/serverless.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['end'], poolSize: { options: [['max']], arg: 0, default: 10 }, closesIdle: true,
    keepIdleOption: { arg: 0, name: 'idleTimeoutMillis' },
  }, { handsOut: { connect: '@neondatabase/serverless.PoolClient' } }),
  entity('@neondatabase/serverless.Client', 'client', { kind: 'client', eager: false, connect: ['connect'], requiresConnect: true, close: ['end'] }),
  checkedOut('@neondatabase/serverless.PoolClient', ['release']),

  // A pg Pool underneath: closed through `db.$pool.end()` or `pgp.end()`.
  entity('pg-promise.Database', 'database', {
    kind: 'pool', eager: false, close: [], poolSize: { options: [['max']], arg: 0, default: 10 }, closesIdle: true,
  }, {
    handsOut: { connect: 'pg-promise.Connection' },
    properties: { $pool: 'pg.Pool' },
    callbacks: { task: { param: 0, entity: 'pg-promise.Task' }, tx: { param: 0, entity: 'pg-promise.Task' } },
  }),
  checkedOut('pg-promise.Connection', ['done']),
  entity('pg-promise.Task', 'task context', { kind: 'client', eager: true, close: [] }),

  // createPool opens and ends one probe connection; the pool itself fills lazily.
  entity('slonik.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['end'], poolSize: { options: [['maximumPoolSize']], arg: 1, default: 10 }, closesIdle: true,
  }, {
    callbacks: { connect: { param: 0, entity: 'slonik.Connection' }, transaction: { param: 0, entity: 'slonik.Connection' } },
  }),
  entity('slonik.Connection', 'connection', { kind: 'client', eager: true, close: [] }),

  entity('generic-pool.Pool', 'resource pool', {
    kind: 'pool', eager: false, close: ['drain', 'clear'], poolSize: { options: [['max']], arg: 1, default: 1 }, closesIdle: false,
  }, { handsOut: { acquire: 'generic-pool.Resource' } }),
  checkedOut('generic-pool.Resource', []),

  entity('undici.Pool', 'pool', {
    kind: 'pool', eager: false, close: ['close', 'destroy'], poolSize: { options: [['connections']], arg: 1 }, closesIdle: true,
  }),
  entity('undici.Agent', 'agent', { kind: 'pool', eager: false, close: ['close', 'destroy'], closesIdle: true }),
  entity('undici.Client', 'client', { kind: 'client', eager: false, close: ['close', 'destroy'], closesIdle: true }),

  // The mongodb driver underneath: opened by the first query, its pool keeps idle connections.
  entity('mongoist.Database', 'database', { kind: 'pool', eager: false, close: ['close'], closesIdle: false }),

  entity('net.Socket', 'socket', { kind: 'client', eager: true, close: ['end', 'destroy'], sendableHandle: true }),
  entity('tls.TLSSocket', 'TLS socket', { kind: 'client', eager: true, close: ['end', 'destroy'] }),
];

/** Server kinds, as the deployment report names them (each module row's `server`). */
const POSTGRES = 'PostgreSQL';
const MYSQL = 'MySQL';
const MARIADB = 'MariaDB';
const MONGODB = 'MongoDB';
const REDIS = 'Redis';
const SQLITE = 'SQLite';
const MSSQL = 'SQL Server';
const ORACLE = 'Oracle';
const KAFKA = 'Kafka';

export const CONNECTION_MODULES: readonly ModuleRow[] = [
  { library: 'pg', specifiers: ['pg'], server: POSTGRES, apis: [news(['Pool'], 'pg.Pool'), news(['Client'], 'pg.Client'), news(['native', 'Pool'], 'pg.Pool'), news(['native', 'Client'], 'pg.Client')] },
  { library: 'pg-pool', specifiers: ['pg-pool'], server: POSTGRES, apis: [news([], 'pg.Pool')] },
  {
    library: 'mysql', specifiers: ['mysql'], server: MYSQL,
    apis: [calls(['createPool'], 'mysql.Pool'), calls(['createPoolCluster'], 'mysql.PoolCluster'), calls(['createConnection'], 'mysql.Connection')],
  },
  {
    library: 'mysql2', specifiers: ['mysql2', 'mysql2/promise'], server: MYSQL,
    apis: [calls(['createPool'], 'mysql2.Pool'), calls(['createPoolCluster'], 'mysql2.PoolCluster'), calls(['createConnection'], 'mysql2.Connection')],
  },
  {
    library: 'mongodb', specifiers: ['mongodb'], server: MONGODB,
    apis: [
      news(['MongoClient'], 'mongodb.MongoClient'),
      // mongodb 3 and 4 also take a callback: `MongoClient.connect(url, (err, client) => …)`.
      calls(['MongoClient', 'connect'], 'mongodb.MongoClient', { eager: true, callback: { param: 1, entity: 'mongodb.MongoClient' } }),
    ],
  },
  {
    library: 'mongoose', specifiers: ['mongoose'], server: MONGODB,
    apis: [
      // The module object is the default connection, one per process: its uses, connects and closes are one list.
      { path: [], via: 'read', produces: 'mongoose.Mongoose', held: MONGOOSE_DEFAULT },
      // Opens the default connection (again and again: it reuses it while it is open) and resolves to the module.
      calls(['connect'], 'mongoose.Mongoose', { held: MONGOOSE_DEFAULT, acts: 'connect' }),
      calls(['createConnection'], 'mongoose.Connection'),
      news(['Mongoose'], 'mongoose.Mongoose'),
      // `mongoose.connection` is the default connection too; it opens only when `mongoose.connect()` runs.
      { path: ['connection'], via: 'read', produces: 'mongoose.Connection', held: MONGOOSE_DEFAULT },
      { path: ['disconnect'], via: 'call', held: MONGOOSE_DEFAULT, acts: 'close' },
      calls(['model'], 'mongoose.Mongoose#definition', { held: MONGOOSE_DEFAULT, namedOnly: true }),
    ],
  },
  {
    library: 'ioredis', specifiers: ['ioredis'], server: REDIS,
    apis: [news([], 'ioredis.Redis'), news(['Redis'], 'ioredis.Redis'), news(['Cluster'], 'ioredis.Cluster'), news(['Redis', 'Cluster'], 'ioredis.Cluster')],
  },
  {
    library: 'redis', specifiers: ['redis', '@redis/client'], server: REDIS,
    // `createClient(6379, host)`, `createClient('redis://…')`: forms of v3 and earlier (v4 takes one options object).
    apis: [
      calls(['createClient'], 'redis.Client', { olderForm: { below: 4, positional: true } }),
      calls(['createCluster'], 'redis.Cluster'), calls(['createClientPool'], 'redis.ClientPool'),
    ],
  },
  { library: 'async-redis', specifiers: ['async-redis'], server: REDIS, apis: [calls(['createClient'], 'async-redis.Client')] },
  {
    library: 'knex', specifiers: ['knex'],
    dialect: {
      arg: 0, option: 'client',
      servers: { pg: POSTGRES, postgres: POSTGRES, postgresql: POSTGRES, pgnative: POSTGRES, mysql: MYSQL, mysql2: MYSQL, mssql: MSSQL, oracledb: ORACLE },
    },
    apis: [either([], 'knex.Knex'), either(['knex'], 'knex.Knex')],
  },
  {
    library: 'sequelize', specifiers: ['sequelize', '@sequelize/core'],
    dialect: { arg: LAST_OBJECT, option: 'dialect', servers: { postgres: POSTGRES, mysql: MYSQL, mariadb: MARIADB, mssql: MSSQL, oracle: ORACLE } },
    apis: [news([], 'sequelize.Sequelize'), news(['Sequelize'], 'sequelize.Sequelize')],
  },
  { library: 'sequelize-typescript', specifiers: ['sequelize-typescript'], apis: [news(['Sequelize'], 'sequelize-typescript.Sequelize')] },
  {
    library: 'typeorm', specifiers: ['typeorm'],
    dialect: { arg: 0, option: 'type', servers: { postgres: POSTGRES, mysql: MYSQL, mariadb: MARIADB, mssql: MSSQL, oracle: ORACLE, mongodb: MONGODB } },
    apis: [news(['DataSource'], 'typeorm.DataSource'), calls(['createConnection'], 'typeorm.DataSource', { eager: true })],
  },
  { library: '@prisma/client', specifiers: ['@prisma/client'], apis: [news(['PrismaClient'], '@prisma/client.PrismaClient')] },
  { library: 'postgres', specifiers: ['postgres'], server: POSTGRES, apis: [calls([], 'postgres.Sql')] },
  // `new Kysely({ dialect })`: the dialect is given the driver's pool, made (and counted) on its own.
  { library: 'kysely', specifiers: ['kysely'], through: true, apis: [news(['Kysely'], 'kysely.Kysely')] },
  {
    library: 'drizzle-orm',
    specifiers: [
      'drizzle-orm/node-postgres', 'drizzle-orm/postgres-js', 'drizzle-orm/mysql2', 'drizzle-orm/better-sqlite3',
      'drizzle-orm/neon-serverless', 'drizzle-orm/libsql', 'drizzle-orm/bun-sqlite',
    ],
    apis: [calls(['drizzle'], 'drizzle-orm.Database')],
  },
  {
    library: 'oracledb', specifiers: ['oracledb'], server: ORACLE,
    apis: [calls(['createPool'], 'oracledb.Pool'), calls(['getConnection'], 'oracledb.Connection')],
  },
  {
    library: 'mssql', specifiers: ['mssql', 'mssql/msnodesqlv8'], server: MSSQL,
    // `sql.connect()` makes the global pool on the first call and hands it back after that.
    apis: [
      { path: [], via: 'read', produces: 'mssql.GlobalPool', held: MSSQL_GLOBAL },
      news(['ConnectionPool'], 'mssql.ConnectionPool'),
      calls(['connect'], 'mssql.ConnectionPool', { held: MSSQL_GLOBAL, acts: 'connect' }),
      { path: ['close'], via: 'call', held: MSSQL_GLOBAL, acts: 'close' },
    ],
  },
  { library: 'tedious', specifiers: ['tedious'], server: MSSQL, apis: [news(['Connection'], 'tedious.Connection')] },
  { library: 'better-sqlite3', specifiers: ['better-sqlite3'], server: SQLITE, noServer: true, apis: [either([], 'better-sqlite3.Database')] },
  { library: 'sqlite3', specifiers: ['sqlite3'], server: SQLITE, noServer: true, apis: [news(['Database'], 'sqlite3.Database'), { path: ['verbose'], via: 'call', returnsModule: true }] },
  {
    library: 'amqplib', specifiers: ['amqplib', 'amqplib/callback_api'], server: 'RabbitMQ',
    apis: [calls(['connect'], 'amqplib.Connection', { callback: { param: 1, entity: 'amqplib.Connection' } })],
  },
  {
    library: 'kafkajs', specifiers: ['kafkajs'], server: KAFKA,
    apis: [{ path: ['Kafka'], via: 'new', produces: 'kafkajs.Kafka' }],
  },
  {
    library: 'kafka-node', specifiers: ['kafka-node'], server: KAFKA,
    apis: [
      news(['KafkaClient'], 'kafka-node.KafkaClient'),
      news(['Producer'], 'kafka-node.Producer'), news(['HighLevelProducer'], 'kafka-node.Producer'),
      news(['Consumer'], 'kafka-node.Consumer'), news(['ConsumerGroup'], 'kafka-node.ConsumerGroup'),
    ],
  },
  { library: 'nats', specifiers: ['nats'], server: 'NATS', apis: [calls(['connect'], 'nats.NatsConnection')] },
  { library: 'cassandra-driver', specifiers: ['cassandra-driver'], server: 'Cassandra', apis: [news(['Client'], 'cassandra-driver.Client')] },
  { library: '@elastic/elasticsearch', specifiers: ['@elastic/elasticsearch'], server: 'Elasticsearch', apis: [news(['Client'], '@elastic/elasticsearch.Client')] },
  {
    library: '@neondatabase/serverless', specifiers: ['@neondatabase/serverless'], server: POSTGRES,
    apis: [news(['Pool'], '@neondatabase/serverless.Pool'), news(['Client'], '@neondatabase/serverless.Client')],
  },
  { library: 'pg-promise', specifiers: ['pg-promise'], server: POSTGRES, apis: [calls([], 'pg-promise.Initializer')] },
  { library: 'slonik', specifiers: ['slonik'], server: POSTGRES, apis: [calls(['createPool'], 'slonik.Pool')] },
  { library: 'generic-pool', specifiers: ['generic-pool'], apis: [calls(['createPool'], 'generic-pool.Pool')] },
  {
    library: 'undici', specifiers: ['undici'],
    apis: [news(['Pool'], 'undici.Pool'), news(['Agent'], 'undici.Agent'), news(['Client'], 'undici.Client')],
  },
  { library: 'mongoist', specifiers: ['mongoist'], server: MONGODB, apis: [calls([], 'mongoist.Database')] },
  {
    library: 'net', specifiers: ['net'], builtin: true,
    apis: [calls(['connect'], 'net.Socket'), calls(['createConnection'], 'net.Socket'), news(['Socket'], 'net.Socket', { eager: false })],
  },
  { library: 'tls', specifiers: ['tls'], builtin: true, apis: [calls(['connect'], 'tls.TLSSocket')] },
];

/** Objects that are not connections themselves but hand connections out. */
export const CONNECTION_FACTORY_ENTITIES: readonly Entity[] = [
  {
    id: 'kafkajs.Kafka', library: 'kafkajs', noun: 'Kafka instance',
    handsOut: { producer: 'kafkajs.Producer', consumer: 'kafkajs.Consumer', admin: 'kafkajs.Admin' },
  },
  // `require('pg-promise')(options)` returns `pgp`; `pgp(connection)` returns the Database.
  { id: 'pg-promise.Initializer', library: 'pg-promise', noun: 'initializer', callable: 'pg-promise.Database' },
];

/**
 * Events about a connection's own state. A listener for any other event (`notification`,
 * `message`, `pmessage`) means the code consumes what the connection delivers: a
 * LISTEN/NOTIFY or pub/sub subscriber is in use for as long as it listens.
 */
export const CONNECTION_STATE_EVENTS: ReadonlySet<string> = new Set([
  'error', 'end', 'close', 'connect', 'connection', 'ready', 'reconnecting', 'drain', 'timeout', 'wait', 'warning', 'acquire', 'release', 'remove',
]);
