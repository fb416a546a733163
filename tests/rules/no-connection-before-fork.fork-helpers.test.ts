/**
 * no-connection-before-fork where the fork is in a helper of another project module
 * (`setupCluster(start)` forks in the primary and calls `start` only in the workers): the
 * file that calls it forks itself, its module scope runs in both roles, and an import
 * there that connects as it loads opens a connection the forking primary never uses.
 */
import rule from '../../rules/no-connection-before-fork.js';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const CLUSTER: ModuleExports = { setupCluster: { kind: 'fork', workerArgs: [0] } };
const REDIS = { library: 'ioredis', module: 'src/config/redis.ts' };
const project = (app: string, cluster: string) => withProject({ modules: { [cluster]: CLUSTER }, onLoad: { [app]: REDIS } });
const settings = project('./src/app', './src/config/cluster');
const tsSettings = project('./src/app.js', './src/config/cluster.js');

function importConnects(specifier: string, line: number, column = 1, messageId = 'importConnects') {
  return { messageId, data: { specifier, library: 'ioredis', module: 'src/config/redis.ts', forkSite: 'setupCluster()' }, line, column, suggestions: [] };
}

const esmCases = {
  valid: [
    // The connecting module is loaded on the worker path only.
    { code: `import { setupCluster } from './src/config/cluster';
setupCluster(async () => {
  const { createApp } = await import('./src/app');
  (await createApp()).listen(3000);
});`, settings },
    // A helper of the project that does not fork: nothing runs twice.
    { code: `import { setupCluster } from './src/config/cluster';
import { createApp } from './src/app';
setupCluster(async () => (await createApp()).listen(3000));`, settings: withProject({ modules: {}, onLoad: { './src/app': REDIS } }) },
  ],
  invalid: [
    {
      code: `import { setupCluster } from './src/config/cluster';
import { createApp } from './src/app';
setupCluster(async () => {
  const app = await createApp();
  app.listen(process.env.PORT || 3000);
});`,
      settings,
      output: null,
      errors: [importConnects('./src/app', 2)],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      code: `const { setupCluster } = require('./src/config/cluster');
const { createApp } = require('./src/app');
setupCluster(() => createApp().then((app) => app.listen(3000)));`,
      settings,
      output: null,
      errors: [importConnects('./src/app', 2, 23, 'requireConnects')],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      code: `import { setupCluster } from './src/config/cluster.js';
import { createApp } from './src/app.js';
import dotenv from 'dotenv';
dotenv.config();
setupCluster(async (): Promise<void> => {
  const app = await createApp();
  app.listen(Number(process.env.PORT) || 3000);
});`,
      settings: tsSettings,
      output: null,
      errors: [importConnects('./src/app.js', 2)],
    },
  ],
};

esmTester.run('no-connection-before-fork: fork helpers of project modules (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-before-fork: fork helpers of project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-before-fork: fork helpers of project modules (TypeScript)', rule, tsCases as never);
