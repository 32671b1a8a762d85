#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/, which `npm install` builds (the `prepare` script).
import { main } from "../dist/src/cli/main.js";

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
