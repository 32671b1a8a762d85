import { ConfigError } from "../errors/loading-errors.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

/** Whether a listen address is reachable only from this machine. */
function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A gateway without keys would hand the provider accounts to anyone who can reach it. */
export function checkBindHost(host: string, keysRequired: boolean): void {
  if (keysRequired || isLoopback(host)) return;
  throw new ConfigError(
    `the gateway has no keys and will not listen on ${host}, which other machines can reach`,
    {
      pointer: "/server/keys",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows the user the ${VAR} syntax
      fix: "add server.keys to the config (each a sha256 or a ${VAR}), or listen on 127.0.0.1",
    },
  );
}
