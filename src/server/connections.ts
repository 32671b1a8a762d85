import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * The server's sockets and how many requests each is answering, so a drain can end every
 * kept-alive socket as soon as it has nothing in flight. Node's `server.close()` waits for every
 * socket, and `closeIdleConnections()` is a one-off that misses a socket a client opened but never
 * used (HTTP clients open spare ones) and one that goes quiet later: a drain would hang on either.
 */
export class Connections {
  private readonly requests = new Map<Socket, number>();
  private draining = false;

  constructor(server: Server) {
    server.on("connection", (socket: Socket) => {
      this.requests.set(socket, 0);
      socket.once("close", () => this.requests.delete(socket));
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      this.requests.set(socket, (this.requests.get(socket) ?? 0) + 1);
      response.once("close", () => {
        const count = (this.requests.get(socket) ?? 1) - 1;
        if (!this.requests.has(socket)) return;
        this.requests.set(socket, count);
        if (this.draining && count <= 0) socket.destroy();
      });
    });
  }

  /** Ends every socket with no request in flight now, and each other one when its last request ends. */
  drain(): void {
    this.draining = true;
    for (const [socket, count] of this.requests) if (count <= 0) socket.destroy();
  }
}
