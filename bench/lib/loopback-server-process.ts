import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { BaseUrls } from "./runtime-config.js";

export interface ServerProcess {
  /** Root URLs of the openai, google and anthropic fake servers. */
  urls: BaseUrls;
  stop(): Promise<void>;
}

/** Starts `script` (loopback-server) as a child process and waits for the URLs it prints. */
export async function startServerProcess(script: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...process.execArgv.filter((flag) => flag !== "--expose-gc"), script],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  return {
    urls: JSON.parse(line) as BaseUrls,
    async stop() {
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}
