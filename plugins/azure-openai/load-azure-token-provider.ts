import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../../src/index.js";

/** Returns a Microsoft Entra ID access token (the `openai` SDK's `azureADTokenProvider`). */
export type AzureTokenProvider = () => Promise<string>;

/**
 * Imports the instance's `tokenProvider` module (a path relative to the config file's folder) and
 * returns its default export, which must be a function. The module is code the config names, as a
 * plugin path is; it is imported once, when the provider instance is built.
 */
export async function loadAzureTokenProvider(
  specifier: string,
  baseDir: string,
  instanceName: string,
): Promise<AzureTokenProvider> {
  const pointer = `/providers/${instanceName}/tokenProvider`;
  // An absolute path comes back from resolve unchanged.
  const path = resolve(baseDir, specifier);
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    throw new ConfigError(`tokenProvider module ${specifier} could not be imported`, {
      pointer,
      fix: "give the path, relative to the config file, of an ES module that exports a token function by default",
      cause: error,
    });
  }
  const provider = module.default;
  if (typeof provider !== "function") {
    throw new ConfigError(`tokenProvider module ${specifier} has no default export that is a function`, {
      pointer,
      fix: 'export default a function returning an access token, e.g. getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
    });
  }
  return async () => (provider as () => unknown)() as Promise<string>;
}
