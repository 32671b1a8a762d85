/**
 * The gateway under load, in its own process (run with --expose-gc): a runtime on the fake
 * upstream behind createServer, with one virtual key. Prints its URL; answers "heap" on stdin with
 * the heap used after a full GC, in bytes; stops when stdin closes.
 */
import { createInterface } from "node:readline";
import { createServer } from "../../src/server/index.js";
import { benchRuntime } from "./bench-runtime.js";

const upstream = process.argv[2];
const runtime = await benchRuntime(upstream);
const server = createServer(runtime, { maxConcurrentRequests: 10_000 });
process.stdout.write(`${await server.listen({ port: 0 })}\n`);

const heapAfterGc = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "heap") process.stdout.write(`${heapAfterGc()}\n`);
});
lines.on("close", () => {
  void server
    .close()
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
