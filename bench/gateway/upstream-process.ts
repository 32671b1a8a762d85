/**
 * The upstream of the gateway bench, in its own process: an OpenAI-shaped server answering every
 * request with the same small chat.completion (the testing kit's body), kept-alive. It is a bare
 * node:http server rather than the testing kit's fake: the fake checks each request against
 * OpenAI's rules and records it, which holds a loaded 2-core machine to about 70 requests a second
 * and keeps every request in memory, so it would measure itself, not the gateway. Both sides of the
 * bench call this same server. Prints its URL; stops when stdin closes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openAIChatCompletion } from "../../src/testing/index.js";

const body = Buffer.from(
  JSON.stringify(openAIChatCompletion({ content: "pong", usage: { promptTokens: 8, completionTokens: 1 } })),
);
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": body.length,
      "x-request-id": "req_bench",
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
