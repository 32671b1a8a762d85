import { escapePointerToken } from "../../config/describe-schema-errors.js";
import type { ResolvedConfig } from "../../config/types.js";
import { ConfigError } from "../../errors/loading-errors.js";

/** Each provider type's own param names, as its registration declares them (`nativeParams`). */
export type NativeParamsByType = ReadonlyMap<string, Readonly<Record<string, string | null>>>;

/**
 * Shared `params` use OpenAI's names and go to every target of a chain; a provider's own name
 * there (Gemini's `topK`) would reach the other providers, which refuse it. Such a name is a
 * ConfigError whose fix is that type's `providerParams` section, or the shared name that becomes it.
 */
export function checkSharedParams(config: ResolvedConfig, natives: NativeParamsByType): void {
  for (const client of Object.values(config.clients)) {
    for (const target of client.targets) {
      for (const name of Object.keys(target.params)) {
        for (const [type, names] of natives) {
          if (!Object.hasOwn(names, name)) continue;
          const shared = names[name];
          const instead = shared
            ? `, or use the shared param "${shared}", which each provider translates`
            : "";
          throw new ConfigError(
            `params.${name} is a ${type} parameter name, not a shared (OpenAI-named) one`,
            {
              file: config.file,
              pointer: `${target.pointer}/params/${escapePointerToken(name)}`,
              fix: `move it to providerParams.${type} (sent only to ${type} targets)${instead}`,
            },
          );
        }
      }
    }
  }
}
