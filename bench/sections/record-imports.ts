/**
 * `node --import <this>`: registers record-imports-hooks, which writes every module URL the process
 * resolves to the file named by BENCH_IMPORT_LOG. The cold-start section uses it to prove which
 * SDKs a runtime imported (ESM has no module cache to inspect).
 */
import { register } from "node:module";

register("./record-imports-hooks.js", {
  parentURL: import.meta.url,
  data: { log: process.env.BENCH_IMPORT_LOG },
});
