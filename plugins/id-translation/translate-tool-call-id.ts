import { hash as digest } from "node:crypto";
import { isValidToolCallId, PORTABLE_TOOL_CALL_ID_RULE, type ToolCallIdRule } from "./tool-call-id-rules.js";

/**
 * Hash characters kept in a minted id: 24 base64url characters are 144 bits, 32 hex digits 128 bits,
 * so two different ids of one conversation (or of a billion) sharing a minted id is negligible.
 */
const WORD_HASH_LENGTH = 24;
const HEX_HASH_LENGTH = 32;

/**
 * Digests of recently minted seeds, per encoding. A conversation sends its whole history on every
 * turn, so the ids of a crossed-provider history are minted again on each request (about 0.5-1 µs
 * of SHA-256 each). The cache changes no id: a digest is a function of its seed. It holds at most
 * 1,024 seeds of at most 128 characters (it is emptied when full), so it cannot grow with traffic.
 */
const DIGEST_CACHE_SIZE = 1024;
const CACHED_SEED_LENGTH = 128;
const recentDigests = { hex: new Map<string, string>(), base64url: new Map<string, string>() };

function sha256(seed: string, encoding: "hex" | "base64url"): string {
  // The one-shot hash costs about half of createHash().update().digest() (Node >= 20.12).
  if (seed.length > CACHED_SEED_LENGTH) return digest("sha256", seed, encoding);
  const cache = recentDigests[encoding];
  let value = cache.get(seed);
  if (value === undefined) {
    value = digest("sha256", seed, encoding);
    if (cache.size >= DIGEST_CACHE_SIZE) cache.clear();
    cache.set(seed, value);
  }
  return value;
}

/**
 * An id derived from `seed` alone that `rule` accepts: `call_` (or `call` when only letters and
 * digits are allowed) and a slice of the seed's SHA-256, shortened to the rule's length limit.
 * The prefix is left out when it would leave less of the hash than the limit allows.
 */
export function mintToolCallId(
  seed: string,
  rule: Readonly<ToolCallIdRule> = PORTABLE_TOOL_CALL_ID_RULE,
): string {
  const alphanumeric = rule.charset === "alphanumeric";
  const hash = sha256(seed, alphanumeric ? "hex" : "base64url");
  const prefix = alphanumeric ? "call" : "call_";
  const hashLength = Math.min(alphanumeric ? HEX_HASH_LENGTH : WORD_HASH_LENGTH, rule.maxLength);
  const withPrefix = prefix.length + hashLength <= rule.maxLength;
  return withPrefix ? prefix + hash.slice(0, hashLength) : hash.slice(0, hashLength);
}

/**
 * The id to use for a tool-call id under `rule` (by default the rule every built-in provider
 * accepts): the id itself when the rule accepts it, else an id minted from it. A pure function of
 * its arguments: the same id always translates the same way, in any process, with no table kept,
 * and a translated id translates to itself.
 */
export function translateToolCallId(
  id: string,
  rule: Readonly<ToolCallIdRule> = PORTABLE_TOOL_CALL_ID_RULE,
): string {
  return isValidToolCallId(id, rule) ? id : mintToolCallId(id, rule);
}

/**
 * The id of the `occurrence`-th repeated use (1 for the second use) of the same id where ids must be
 * distinct: minted from the id and the occurrence number, so repeats get distinct ids, the same
 * ones every time.
 */
export function translateRepeatedToolCallId(
  id: string,
  occurrence: number,
  rule: Readonly<ToolCallIdRule> = PORTABLE_TOOL_CALL_ID_RULE,
): string {
  return occurrence === 0 ? translateToolCallId(id, rule) : mintToolCallId(`${id}\u0000${occurrence}`, rule);
}
