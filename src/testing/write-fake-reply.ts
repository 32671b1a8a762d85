import type { ServerResponse } from "node:http";
import type { BodyStall, FakeReply, ReplyHead, SseReply, TextReply } from "./fake-server-types.js";
import type { TimerSet } from "./timer-set.js";

/** Writes one scripted reply to `response`, honouring its delays, stalls, cuts and resets. */
export async function writeFakeReply(
  response: ServerResponse,
  reply: FakeReply,
  timers: TimerSet,
): Promise<void> {
  switch (reply.kind) {
    case "hang":
      return;
    case "reset":
      await timers.sleep(reply.delayMs ?? 0);
      resetSocket(response);
      return;
    case "json":
      await writeBody(response, reply, JSON.stringify(reply.body), "application/json", timers, reply.stall);
      return;
    case "text":
      await writeText(response, reply, timers);
      return;
    case "sse":
      await writeSse(response, reply, timers);
      return;
  }
}

function isGone(response: ServerResponse, timers: TimerSet): boolean {
  return timers.isClosed || response.destroyed;
}

const cutByServer = new WeakSet<ServerResponse>();

/** Whether the reply ended early because the script said so (a reset or a cut), not the client. */
export function wasCutByServer(response: ServerResponse): boolean {
  return cutByServer.has(response);
}

function cutSocket(response: ServerResponse): void {
  cutByServer.add(response);
  response.socket?.destroy();
}

function resetSocket(response: ServerResponse): void {
  cutByServer.add(response);
  const socket = response.socket;
  if (!socket) return;
  // resetAndDestroy sends a TCP RST (ECONNRESET on the client) rather than a clean FIN.
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

async function writeHead(
  response: ServerResponse,
  head: ReplyHead,
  contentType: string,
  timers: TimerSet,
): Promise<boolean> {
  // No delay scripted, no timer: a timer of 0 still waits a millisecond or more, which capped one
  // connection at about 400 replies a second in the loopback benchmark.
  if (head.delayMs) await timers.sleep(head.delayMs);
  if (isGone(response, timers)) return false;
  response.writeHead(head.status ?? 200, { "content-type": contentType, ...head.headers });
  response.flushHeaders();
  return true;
}

async function writeBody(
  response: ServerResponse,
  head: ReplyHead,
  body: string | Uint8Array,
  contentType: string,
  timers: TimerSet,
  stall?: BodyStall,
): Promise<void> {
  if (!(await writeHead(response, head, contentType, timers))) return;
  const bytes = toBytes(body);
  if (stall) {
    response.write(bytes.subarray(0, stall.afterBytes));
    await timers.sleep(stall.stallMs);
    if (isGone(response, timers)) return;
    response.end(bytes.subarray(stall.afterBytes));
    return;
  }
  response.end(bytes);
}

async function writeText(response: ServerResponse, reply: TextReply, timers: TimerSet): Promise<void> {
  const contentType = reply.contentType ?? "text/plain; charset=utf-8";
  if (reply.truncateAfterBytes === undefined) {
    await writeBody(response, reply, reply.body, contentType, timers, reply.stall);
    return;
  }
  const bytes = toBytes(reply.body);
  // Announce the full length so the client knows the body was cut short.
  const head = { ...reply, headers: { "content-length": String(bytes.length), ...reply.headers } };
  if (!(await writeHead(response, head, contentType, timers))) return;
  await writeFlushed(response, bytes.subarray(0, reply.truncateAfterBytes));
  cutSocket(response);
}

function toBytes(body: string | Uint8Array): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
}

/** Resolves once the chunk has been handed to the socket, so a cut that follows loses nothing before it. */
function writeFlushed(response: ServerResponse, chunk: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    response.write(chunk, () => resolve());
  });
}

/** Formats one event in the text/event-stream framing. */
export function formatSseEvent(event: { event?: string; data: unknown }): string {
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  const lines = data.split("\n").map((line) => `data: ${line}\n`);
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}${lines.join("")}\n`;
}

async function writeSse(response: ServerResponse, reply: SseReply, timers: TimerSet): Promise<void> {
  const head = { ...reply, headers: { "cache-control": "no-cache", ...reply.headers } };
  if (!(await writeHead(response, head, "text/event-stream", timers))) return;
  for (const [index, event] of reply.events.entries()) {
    if (index === reply.cutAfterEvents) {
      cutSocket(response);
      return;
    }
    if (index === reply.hangAfterEvents) return;
    await timers.sleep(event.delayMs ?? reply.eventDelayMs ?? 0);
    if (isGone(response, timers)) return;
    await writeFlushed(response, formatSseEvent(event));
  }
  if (reply.cutAfterEvents === reply.events.length) {
    cutSocket(response);
    return;
  }
  if (reply.hangAfterEvents === reply.events.length) return;
  response.end();
}
