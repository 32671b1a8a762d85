/**
 * A wire-level fake provider server on node:http, bound to 127.0.0.1 on a free port. Tests script
 * one reply per request (a queue, then a default reply), and the server records every request it
 * received, so a test can assert on what the real SDK put on the wire and how many attempts it made.
 *
 * A protocol module (see `protocols/openai-protocol.ts`) plugs in by building `FakeReply` values in
 * the provider's shapes and by passing a `validate` hook that answers a request breaking the
 * provider's documented rules with the provider's own error reply:
 *
 * ```ts
 * const server = await startFakeServer({ validate: validateOpenAIRequest });
 * server.enqueue(openAIJsonReply(openAIChatCompletion({ content: "hi" })));
 * server.enqueue(openAIErrorReply({ status: 429, type: "requests", code: "rate_limit_exceeded" }));
 * // ... point the SDK at `${server.url}/v1`, call it, then:
 * expect(server.requests[0].body).to.deep.include({ model: "gpt-4o" });
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FakeReply, RecordedRequest, RequestValidator } from "./fake-server-types.js";
import { TimerSet } from "./timer-set.js";
import { wasCutByServer, writeFakeReply } from "./write-fake-reply.js";

export interface FakeServerOptions {
  /** Served when the queue is empty (default: a 500 JSON body saying no reply was scripted). */
  defaultReply?: FakeReply;
  /** Checks each request against the provider's rules before the scripted reply is used. */
  validate?: RequestValidator;
  /** Clock for `receivedAt` (default `Date.now`). */
  now?: () => number;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Adds replies for the next requests, in order. A function is called with the recorded request
   * and answers with its reply: a simulated model can then answer from what it was sent.
   */
  enqueue(...replies: QueuedReply[]): void;
  /** Replaces the reply served once the queue is empty. */
  setDefaultReply(reply: FakeReply): void;
  /** Replies still queued. */
  readonly pending: number;
  /** Resolves once `count` requests have arrived (or at once, if they already have). */
  waitForRequests(count: number): Promise<void>;
  /** Destroys open sockets, clears every timer and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/** A scripted reply, or a function building one from the request it answers. */
export type QueuedReply = FakeReply | ((request: RecordedRequest) => FakeReply);

const NO_REPLY_SCRIPTED: FakeReply = {
  kind: "json",
  status: 500,
  body: { error: { message: "fake server: no reply was scripted for this request", type: "fake_server" } },
};

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const state = new FakeServerState(options);
  const server = createServer((request, response) => {
    state.handle(request, response);
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: state.requests,
    enqueue: (...replies) => state.queue.push(...replies),
    setDefaultReply: (reply) => {
      state.defaultReply = reply;
    },
    get pending() {
      return state.queue.length;
    },
    waitForRequests: (count) => state.waitForRequests(count),
    close: () => closeServer(server, sockets, state),
  };
}

async function closeServer(server: Server, sockets: Set<Socket>, state: FakeServerState): Promise<void> {
  state.timers.clear();
  state.releaseWaiters();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  if (!server.listening) return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

class FakeServerState {
  readonly requests: RecordedRequest[] = [];
  readonly queue: QueuedReply[] = [];
  readonly timers = new TimerSet();
  defaultReply: FakeReply;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly options: FakeServerOptions) {
    this.defaultReply = options.defaultReply ?? NO_REPLY_SCRIPTED;
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = recordRequest(request, Buffer.concat(chunks), this.requests.length, this.options.now);
      this.requests.push(recorded);
      const reply = this.options.validate?.(recorded) ?? this.nextScripted(recorded) ?? this.defaultReply;
      recorded.reply = reply;
      response.on("close", () => {
        if (response.writableFinished || this.timers.isClosed || wasCutByServer(response)) return;
        recorded.clientDisconnected = true;
      });
      this.notifyWaiters();
      // A write to a client that already went away is not the test's concern: drop the socket.
      writeFakeReply(response, reply, this.timers).catch(() => response.destroy());
    });
  }

  private nextScripted(request: RecordedRequest): FakeReply | undefined {
    const queued = this.queue.shift();
    return typeof queued === "function" ? queued(request) : queued;
  }

  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count || this.timers.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  releaseWaiters(): void {
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }

  private notifyWaiters(): void {
    const ready = this.waiters.filter((waiter) => this.requests.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.requests.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}

function recordRequest(
  request: IncomingMessage,
  raw: Buffer,
  index: number,
  now: () => number = Date.now,
): RecordedRequest {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const rawBody = raw.toString("utf8");
  return {
    index,
    method: request.method ?? "GET",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: parseBody(rawBody),
    rawBody,
    receivedAt: now(),
    clientDisconnected: false,
  };
}

function parseBody(rawBody: string): unknown {
  if (rawBody === "") return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}
