import type { AddressInfo } from "node:net";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Runtime } from "../kernel/create-runtime.js";
import { registerChatCompletions } from "./chat-completions-route.js";
import { Connections } from "./connections.js";
import { CoolingTargets } from "./cooling-targets.js";
import type { GatewayContext } from "./gateway-context.js";
import { GatewayMetrics } from "./gateway-metrics.js";
import { InFlight } from "./in-flight.js";
import { registerInfoRoutes } from "./info-routes.js";
import { KeyRateLimit } from "./key-rate-limit.js";
import { KeyRing } from "./key-ring.js";
import { checkBindHost } from "./loopback.js";
import { OpenAIHttpError } from "./openai-error.js";
import { resolveGatewaySettings, type ServerOptions } from "./server-options.js";
import { toHttpError } from "./to-http-error.js";

export interface GatewayServer {
  /** The fastify instance (for `inject` in tests, or more routes). */
  readonly app: FastifyInstance;
  /**
   * Starts listening (default 127.0.0.1:4000); resolves to the base URL. Without keys it refuses
   * any host but loopback, so an unauthenticated gateway is never reachable from the network.
   */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /**
   * Stops accepting connections and waits for requests and streams in flight, up to the drain
   * timeout; then aborts what is left (closing their upstream calls) and closes the sockets.
   * Closes the store it made (not one passed in), never the runtime. Safe to call twice.
   */
  close(): Promise<void>;
}

const draining = () =>
  new OpenAIHttpError({
    status: 503,
    type: "api_error",
    code: "server_shutting_down",
    message: "the gateway is shutting down (fix: retry; the load balancer sends you to another instance)",
    headers: { connection: "close", "retry-after": "1" },
  });

/**
 * An OpenAI-compatible HTTP gateway over a built runtime: `POST /v1/chat/completions`,
 * `GET /v1/models`, `/health/live`, `/health/ready` and `/metrics`. Settings not in `options` come
 * from the config's `server` section.
 */
export function createServer(runtime: Runtime, options: ServerOptions = {}): GatewayServer {
  const settings = resolveGatewaySettings(runtime, options);
  const startedAt = settings.now();
  const app = Fastify({
    bodyLimit: settings.maxBodyBytes,
    ...(settings.logger ? { loggerInstance: settings.logger as FastifyBaseLogger } : { logger: false }),
    // Our own 503 (OpenAI-shaped) answers requests that arrive on a kept-alive connection while draining.
    return503OnClosing: false,
    forceCloseConnections: "idle",
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
  });
  const context: GatewayContext = {
    runtime,
    keyRing: new KeyRing(settings.keys),
    rateLimit: new KeyRateLimit(settings.store, settings.now),
    inFlight: new InFlight(settings.maxConcurrentRequests),
    metrics: new GatewayMetrics(),
    cooling: new CoolingTargets(settings.now),
    callers: new WeakMap(),
    now: settings.now,
    draining: false,
  };

  app.addHook("onRequest", async (request) => {
    if (context.draining && request.url.startsWith("/v1/")) throw draining();
    if (!request.url.startsWith("/v1/")) return;
    try {
      context.callers.set(request, context.keyRing.authenticate(request.headers.authorization));
    } catch (error) {
      context.metrics.refused("unauthorized");
      throw error;
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error);
    if (http.status === 400 || http.status === 413 || http.status === 415) context.metrics.refused("invalid");
    if (http.status >= 500) request.log.error({ status: http.status, code: http.code }, "request failed");
    return reply.code(http.status).headers(http.headers).send(http.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const http = new OpenAIHttpError({
      status: 404,
      type: "invalid_request_error",
      code: "unknown_url",
      message: `no route ${request.method} ${request.url.split("?")[0]} (fix: the gateway serves POST /v1/chat/completions and GET /v1/models)`,
    });
    return reply.code(404).send(http.toBody());
  });
  const connections = new Connections(app.server);
  registerChatCompletions(app, context);
  registerInfoRoutes(app, context, startedAt);

  let closing: Promise<void> | undefined;
  return {
    app,
    async listen({ port = 4000, host = "127.0.0.1" } = {}) {
      checkBindHost(host, context.keyRing.required);
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return `http://${shown}:${address.port}`;
    },
    close() {
      closing ??= (async () => {
        context.draining = true;
        const timer = setTimeout(() => {
          context.inFlight.abortAll(new Error("the gateway's drain timeout ran out"));
          app.server.closeAllConnections();
        }, settings.drainTimeoutMs);
        try {
          const closed = app.close();
          connections.drain();
          await Promise.all([closed, context.inFlight.idle()]);
        } finally {
          clearTimeout(timer);
          if (settings.ownsStore) await settings.store.close();
        }
      })();
      return closing;
    },
  };
}
