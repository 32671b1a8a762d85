import configSchema from "../../schemas/llm.config.schema.json" with { type: "json" };
import { ConfigError } from "../errors/loading-errors.js";
import { findShapeProblem } from "./check-config-shape.js";
import { compileSchema, formatSchemaProblems, type SchemaValidator } from "./compile-schema.js";
import { type ConfigLocation, configErrorAt } from "./config-location.js";
import type { RawConfig } from "./raw-config.js";

const FIX = "correct the config there; schemas/llm.config.schema.json describes every key";

// Compiled on first use, then shared by every load.
let validateSchema: SchemaValidator | undefined;

/**
 * Checks a raw config's shape (reserved keys at any depth, depth, size), then the schema with
 * every problem listed (the message shows at most 20). Throws one ConfigError; never quotes a value.
 */
export function validateConfig(raw: unknown, location: ConfigLocation): asserts raw is RawConfig {
  const shapeProblem = findShapeProblem(raw);
  if (shapeProblem) {
    throw configErrorAt(location, shapeProblem.pointer, shapeProblem.message, shapeProblem.fix);
  }
  validateSchema ??= compileSchema(configSchema);
  const problems = validateSchema(raw);
  if (problems.length === 0) return;
  if (problems.length === 1) throw configErrorAt(location, problems[0].pointer, problems[0].message, FIX);
  const prefixed = problems.map((problem) => ({
    ...problem,
    pointer: location.pointerPrefix + problem.pointer,
  }));
  throw new ConfigError(`${problems.length} problems:\n${formatSchemaProblems(prefixed)}\n`, {
    file: location.label,
    fix: FIX,
  });
}
