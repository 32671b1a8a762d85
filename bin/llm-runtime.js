#!/usr/bin/env node
// Runs the compiled CLI in dist/, which `npm install` builds through the `prepare` script.
import "../dist/src/cli/bin.js";
