// `npm run report`: the deployment report of examples/, in text and then as Mermaid,
// with the config the demo lints examples/ with (tests/fixtures/examples.eslint.config.js).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/src/report/cli.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const io = { cwd: path.join(root, 'examples'), stdout: process.stdout, stderr: process.stderr };
const config = ['--config', path.join(root, 'tests/fixtures/examples.eslint.config.js')];

console.log('$ npx fork-safe report   (in examples/)\n');
const code = await main(['report', ...config], io);
console.log('\n$ npx fork-safe report --format mermaid\n\n```mermaid');
await main(['report', ...config, '--format', 'mermaid'], io);
console.log('```');
console.log(`\nexit code of \`fork-safe report\`: ${code} (1: a server's known total is over the limit)`);
