import type { FastifyInstance } from "fastify";
import type { GatewayContext } from "./gateway-context.js";
import { KeyRing } from "./key-ring.js";

/** `GET /v1/models`, `/health/live`, `/health/ready` and `/metrics`. */
export function registerInfoRoutes(app: FastifyInstance, context: GatewayContext, startedAt: number): void {
  // The clients this key may call, in OpenAI's model list shape.
  app.get("/v1/models", async (request) => {
    const caller = context.callers.get(request) ?? {};
    const data = context.runtime
      .clientNames()
      .filter((name) => KeyRing.allows(caller, name))
      .map((id) => ({ id, object: "model", created: Math.floor(startedAt / 1000), owned_by: "llm-runtime" }));
    return { object: "list", data };
  });

  // The process is up and answering.
  app.get("/health/live", async () => ({ status: "live" }));

  // Ready to take requests: the runtime is built (createServer is only given a built one) and the
  // gateway is not draining. Targets cooling down are reported, not counted against readiness:
  // the chain's other targets, or a later retry, still answer.
  app.get("/health/ready", async (_request, reply) => {
    if (context.draining) return reply.code(503).send({ status: "draining" });
    return { status: "ready", inFlight: context.inFlight.size, coolingTargets: context.cooling.list() };
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
}
