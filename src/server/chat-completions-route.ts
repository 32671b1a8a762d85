import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { LLMOutput } from "../contract/output.js";
import type { StreamEvent } from "../contract/stream.js";
import type { ChatCall, ChatRequestBody } from "./chat-request.js";
import { toChatCall } from "./chat-request.js";
import { CHAT_REQUEST_SCHEMA } from "./chat-request-schema.js";
import type { GatewayContext } from "./gateway-context.js";
import { attemptsOf, type GatewayOutcome } from "./gateway-metrics.js";
import { toOpenAIError } from "./map-runtime-error.js";
import { OpenAIHttpError } from "./openai-error.js";
import { type ResolvedModel, resolveModel } from "./resolve-model.js";
import { SseChunkWriter } from "./sse-chunk-writer.js";
import { toChatCompletion } from "./to-chat-completion.js";

/** Which provider and model answered, and after how many provider calls. */
function answerHeaders(output: LLMOutput): Record<string, string> {
  return {
    "x-llm-provider": output.provider,
    "x-llm-model": output.model,
    "x-llm-attempts": String(output.attempts.length),
  };
}

/** Records a request that reached the runtime: its metrics, and the targets it found cooling. */
function finished(
  context: GatewayContext,
  client: string,
  stream: boolean,
  status: number,
  seconds: number,
  outcome: GatewayOutcome,
): void {
  context.metrics.finished(client, stream, status, seconds, outcome);
  context.cooling.note(attemptsOf(outcome));
}

const ANSWER_HEADER_NAMES = "x-llm-provider, x-llm-model, x-llm-attempts";

/** Aborts the request's controller when the caller goes away before the answer is complete. */
function abortOnDisconnect(reply: FastifyReply, controller: AbortController): void {
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) controller.abort(new Error("the caller closed the connection"));
  });
}

interface Answering {
  id: string;
  created: number;
  startedAt: number;
  model: ResolvedModel;
  call: ChatCall;
  controller: AbortController;
  rateHeaders: Record<string, string>;
  /** The request's `model`, named in stream chunks until the answering model is known. */
  requestedModel: string;
}

async function answer(context: GatewayContext, request: FastifyRequest, reply: FastifyReply, run: Answering) {
  const { call, controller, model } = run;
  const options = { signal: controller.signal, params: call.params };
  const seconds = () => (performance.now() - run.startedAt) / 1000;
  try {
    const output = await model.client.generateResponse(call.messages, call.tools, call.toolChoice, options);
    finished(context, model.clientName, false, 200, seconds(), { output });
    return reply
      .headers({ ...run.rateHeaders, ...answerHeaders(output), "x-request-id": run.id })
      .send(toChatCompletion(run.id, run.created, output));
  } catch (error) {
    const http = toOpenAIError(error);
    finished(context, model.clientName, false, http.status, seconds(), { error });
    request.log.info({ status: http.status, code: http.code }, "chat completion failed");
    return reply
      .code(http.status)
      .headers({ ...run.rateHeaders, ...http.headers })
      .send(http.toBody());
  }
}

/**
 * A stream: nothing is sent until the first event, so a failure of every target before it is
 * still an HTTP error with its status. After that the status is 200 and a failure arrives as an
 * error event; the answering provider, model and attempts come as HTTP trailers.
 */
async function stream(context: GatewayContext, reply: FastifyReply, run: Answering) {
  const { call, controller, model } = run;
  const seconds = () => (performance.now() - run.startedAt) / 1000;
  const events = model.client.streamResponse(call.messages, call.tools, call.toolChoice, {
    signal: controller.signal,
    params: call.params,
  });
  const iterator = events[Symbol.asyncIterator]();
  let first: IteratorResult<StreamEvent>;
  try {
    first = await iterator.next();
  } catch (error) {
    const http = toOpenAIError(error);
    finished(context, model.clientName, true, http.status, seconds(), { error });
    return reply
      .code(http.status)
      .headers({ ...run.rateHeaders, ...http.headers })
      .send(http.toBody());
  }
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    ...run.rateHeaders,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": run.id,
    trailer: ANSWER_HEADER_NAMES,
  });
  context.metrics.firstChunkSent(model.clientName, seconds());
  const writer = new SseChunkWriter(response, run.id, run.created, run.requestedModel, call.includeUsage);
  let output: LLMOutput | undefined;
  try {
    await writer.start();
    for (let next = first; !next.done; next = await iterator.next()) {
      if (next.value.type === "finish") {
        output = next.value.output;
        await writer.finish(output);
      } else {
        await writer.event(next.value);
      }
      if (response.destroyed) break;
    }
    if (output) response.addTrailers(answerHeaders(output));
    // No output: the caller went away between two events (499, as for an abort).
    finished(context, model.clientName, true, output ? 200 : 499, seconds(), { output });
  } catch (error) {
    const http = toOpenAIError(error);
    finished(context, model.clientName, true, http.status, seconds(), { error });
    if (!response.destroyed) await writer.fail(http.toBody());
  } finally {
    await iterator.return?.();
    response.end();
  }
}

function newCompletionId(): string {
  return `chatcmpl-${randomBytes(12).toString("hex")}`;
}

/** `POST /v1/chat/completions`: OpenAI's request in, a chat.completion or its chunk stream out. */
export function registerChatCompletions(app: FastifyInstance, context: GatewayContext): void {
  app.post<{ Body: ChatRequestBody }>(
    "/v1/chat/completions",
    { schema: { body: CHAT_REQUEST_SCHEMA } },
    async (request, reply) => {
      const startedAt = performance.now();
      const caller = context.callers.get(request) ?? {};
      let model: ResolvedModel;
      let rateHeaders: Record<string, string>;
      try {
        model = resolveModel(context.runtime, caller, request.body.model);
        rateHeaders = await context.rateLimit.admit(caller);
      } catch (error) {
        if (error instanceof OpenAIHttpError)
          context.metrics.refused(error.status === 404 ? "unknown_model" : "rate_limit");
        throw error;
      }
      let controller: AbortController;
      try {
        controller = context.inFlight.acquire();
      } catch (error) {
        context.metrics.refused("busy");
        throw error;
      }
      context.metrics.started();
      abortOnDisconnect(reply, controller);
      const run: Answering = {
        id: newCompletionId(),
        created: Math.floor(context.now() / 1000),
        startedAt,
        model,
        call: toChatCall(request.body),
        controller,
        rateHeaders,
        requestedModel: request.body.model,
      };
      try {
        return await (run.call.stream ? stream(context, reply, run) : answer(context, request, reply, run));
      } finally {
        context.inFlight.release(controller);
      }
    },
  );
}
