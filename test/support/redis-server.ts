import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A real redis-server of this test run, on 127.0.0.1, with no persistence, in a temp folder. */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Kills it at once (SIGKILL), as a crash would; `start()` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts it again after `kill()`, empty, on the same port. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and commands get no answer, as a stalled server. */
  pause(): void;
  /** Thaws it after `pause()` (SIGCONT). */
  resume(): void;
  /** Stops it and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a PING on the port is answered with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("PONG")) done(true);
    });
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/**
 * Starts `redis-server` (the Debian package `redis-server`; `.ci/run` installs it) on a free port.
 * There is no fallback when it is missing: the tests that need it fail, naming the fix.
 */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), "llm-runtime-redis-"));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const spawned = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
      { stdio: "ignore" },
    );
    child = spawned;
    const failed = new Promise<never>((_, reject) => {
      spawned.once("error", (error) =>
        reject(
          new Error(
            `redis-server could not start (${(error as NodeJS.ErrnoException).code}): install it with apt-get install -y redis-server`,
          ),
        ),
      );
      spawned.once("exit", (code) =>
        reject(new Error(`redis-server exited with code ${code} on port ${port}`)),
      );
    });
    failed.catch(() => undefined);
    const startedAt = Date.now();
    for (;;) {
      const ok = await Promise.race([answersPing(port), failed]);
      if (ok) return;
      if (Date.now() - startedAt > START_TIMEOUT_MS)
        throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (running === undefined) return;
    running.kill("SIGKILL");
    await exited(running);
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    pause: () => child?.kill("SIGSTOP"),
    resume: () => child?.kill("SIGCONT"),
    async stop() {
      child?.kill("SIGCONT");
      await kill();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
