// The gateway's entry, `llm-runtime/server`: apart from the main entry so only a server loads fastify.

export type { ServerConfig, ServerKeyConfig } from "../config/types.js";
export type { SharedStore } from "../store/shared-store.js";
export { createServer, type GatewayServer } from "./create-server.js";
export type { ServerOptions } from "./server-options.js";
