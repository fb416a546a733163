/**
 * Every fix and every suggestion the rules offer, applied alone, on every docs example they
 * are offered on and on self-forking programs of every runner: the fixed program runs in all
 * its roles without a failure the original did not have, and the report it answered is gone.
 */
import mysql from 'mysql2/promise';
import postgresClient from 'postgres';
import { inject } from 'vitest';
import { RULES, incorrectExamples, scenarioEnv } from './harness.js';
import { candidatesOf, describeRun, newFailures, reportsOfCandidate, runWithRoles } from './proof-harness.js';
import type { Outcome, ProofProgram } from './proof-harness.js';
import { PROGRAMS } from './proof-programs.js';
import { startMongoStandIn } from './mongo-stand-in.js';
import type { MongoStandIn } from './mongo-stand-in.js';

const servers = inject('servers');
const DATABASE = 'fork_safe_proof';

/**
 * The proof's programs write rows and make tables: they get databases of their own, so the
 * other runtime tests see the tables as they left them, and the runs, in parallel, find every
 * table already made.
 */
async function proofEnv(): Promise<Record<string, string>> {
  const admin = postgresClient(servers.postgres, { onnotice: () => {} });
  await admin.unsafe(`create database ${DATABASE}`);
  await admin.end();
  const postgres = Object.assign(new URL(servers.postgres), { pathname: `/${DATABASE}` }).href;
  const sql = postgresClient(postgres, { onnotice: () => {} });
  await sql`create table orders (id int primary key, day date not null)`;
  await sql`insert into orders values (1, '2024-05-01'), (2, '2024-05-01')`;
  await sql`create table invoices (id int primary key, sent boolean not null default false)`;
  await sql`insert into invoices (id) values (1), (2)`;
  await sql`create table visits (at timestamptz)`;
  await sql.end();
  const connection = await mysql.createConnection(servers.mariadb);
  await connection.query(`create database ${DATABASE}`);
  await connection.query(`create table ${DATABASE}.jobs (id int primary key)`);
  await connection.end();
  const mariadb = servers.mariadb.replace(/\/mysql$/, `/${DATABASE}`);
  return {
    ...scenarioEnv({ postgres, redis: servers.redis, mariadbApp: mariadb }),
    REPLICA_URL: postgres,
    SESSION_REDIS_URL: servers.redis,
    METRICS_REDIS_URL: servers.redis,
    INVENTORY_URL: mariadb,
  };
}

let env: Record<string, string>;
let mongo: MongoStandIn;
beforeAll(async () => {
  mongo = await startMongoStandIn(DATABASE, { orders: [{ _id: 1, day: '2024-05-01' }, { _id: 2, day: '2024-05-01' }], users: [{ name: 'proof' }] });
  env = { ...(await proofEnv()), MONGO_URL: mongo.url };
});
afterAll(async () => {
  await mongo.close();
});

/** A check waits for its turn among the runs (see `runWithRoles`) before its own run. */
const CHECK_TIMEOUT = 120_000;

/** One run of each original program, shared by the checks of all its fixes. */
const originals = new Map<ProofProgram, Promise<Outcome>>();
function originalOutcome(program: ProofProgram): Promise<Outcome> {
  if (!originals.has(program)) originals.set(program, runWithRoles(program, program.code, env));
  return originals.get(program)!;
}

describe.concurrent('every fix and suggestion, applied alone', () => {
  for (const program of PROGRAMS) {
    const candidates = candidatesOf(program);
    describe(program.name, () => {
      it('is offered at least one fix or suggestion', () => {
        expect(candidates.length).toBeGreaterThan(0);
      });

      it('runs as written, with the failures of its defect and no others', async () => {
        const original = await originalOutcome(program);
        expect(original.failures, describeRun('original', original)).toEqual([...(program.originalFailures ?? [])].sort());
        for (const line of program.prints ?? []) expect(original.result.stdout, describeRun('original', original)).toContain(line);
      }, CHECK_TIMEOUT);

      for (const candidate of candidates) {
        it(candidate.label, async () => {
          const [original, fixed] = await Promise.all([originalOutcome(program), runWithRoles(program, candidate.output, env)]);
          const report = `${describeRun('original', original)}\n\n${describeRun('fixed', fixed)}\n--- fixed ${program.subject}\n${candidate.output}`;
          expect(newFailures(original, fixed), `fails where the original did not\n${report}`).toEqual([]);
          if (program.fixedRunsClean) expect(fixed.failures, `does not run cleanly\n${report}`).toEqual([]);
          for (const line of program.prints ?? []) expect(fixed.result.stdout, `does not do its work\n${report}`).toContain(line);
          const { before, after } = reportsOfCandidate(program, candidate);
          expect(after, 'the report it answers is still there').toBeLessThan(before);
        }, CHECK_TIMEOUT);
      }
    });
  }
});

it('has a program for every docs ❌ example the rules offer a fix or suggestion on', () => {
  const missing: string[] = [];
  for (const rule of RULES) {
    incorrectExamples(rule).forEach((code, index) => {
      const program: ProofProgram = { name: `${rule} ❌ ${index + 1}`, subject: 'main.mjs', code };
      const covered = PROGRAMS.some((candidate) => candidate.docs?.rule === rule && candidate.docs.index === index);
      if (!covered && candidatesOf(program).length > 0) missing.push(program.name);
    });
  }
  expect(missing).toEqual([]);
});
