#!/usr/bin/env node
// The `fork-safe` command (package.json `bin`): `npx fork-safe report [paths…]`.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
