import { isContainer } from "./check-config-shape.js";
import { type ConfigLocation, configErrorAt } from "./config-location.js";
import { escapePointerToken } from "./describe-schema-errors.js";

/** `${NAME}`, or `$${...}` for a literal `${...}`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows the user the ${NAME} syntax
const BAD_REFERENCE = 'a "${...}" reference here does not hold a variable name (letters, digits and _)';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows the user the ${NAME} syntax
const BAD_REFERENCE_FIX = 'write ${NAME} to use an environment variable, or $${ for a literal "${"';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The value of an environment variable: only the environment's own string values count, so
 * `toString`, `constructor` or `__proto__` never read a property inherited from Object.prototype.
 */
export function readEnv(env: Environment, name: string): string | undefined {
  if (!Object.hasOwn(env, name)) return undefined;
  const value = env[name];
  return typeof value === "string" ? value : undefined;
}

function interpolateString(
  text: string,
  pointer: string,
  env: Environment,
  location: ConfigLocation,
): string {
  if (!text.includes("${")) return text;
  return text.replace(REFERENCE, (reference: string, escaped: string, name: string) => {
    if (escaped) return reference.slice(1);
    // The text between the braces is not quoted: it may be a key pasted in by mistake.
    if (!VARIABLE_NAME.test(name)) {
      throw configErrorAt(location, pointer, BAD_REFERENCE, BAD_REFERENCE_FIX);
    }
    const found = readEnv(env, name);
    if (found === undefined) {
      throw configErrorAt(
        location,
        pointer,
        `environment variable ${name} is not set`,
        `set ${name} in the environment (or in the env option), or remove the reference`,
      );
    }
    return found;
  });
}

/**
 * A copy of the config with `${NAME}` replaced in every string value (keys are left alone). A
 * variable that is not set is a ConfigError naming the pointer and the variable, never a value.
 * Objects other than plain objects and arrays (from a JS config) are kept as they are.
 */
export function interpolateEnv(
  value: unknown,
  env: Environment,
  location: ConfigLocation,
  pointer = "",
): unknown {
  if (typeof value === "string") return interpolateString(value, pointer, env, location);
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolateEnv(item, env, location, `${pointer}/${index}`));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = interpolateEnv(item, env, location, `${pointer}/${escapePointerToken(key)}`);
  }
  return copy;
}
