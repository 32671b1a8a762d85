import { hash as digest } from "node:crypto";
import type { ToolCallIdFormat } from "../../src/index.js";
import {
  type IdRule,
  isDeclaredFormat,
  isValidToolCallId,
  PORTABLE_TOOL_CALL_ID_RULE,
  type ToolCallIdRule,
} from "./tool-call-id-rules.js";

/**
 * Hash characters kept in a minted id: 24 base64url characters are 144 bits, 32 hex digits 128 bits,
 * so two different ids of one conversation (or of a billion) sharing a minted id is negligible.
 */
const WORD_HASH_LENGTH = 24;
const HEX_HASH_LENGTH = 32;

/**
 * Ids minted recently, per shape of minted id (encoding, length, prefix). A conversation sends its
 * whole history on every turn, so the ids of a crossed-provider history are minted again on each
 * request: about 0.5-1 µs of SHA-256 each, plus a new string whose hash every map lookup then
 * computes again. The cache changes no id: a minted id is a function of its seed and its shape.
 * Each shape holds at most 1,024 seeds of at most 128 characters (emptied when full), and there
 * are as many shapes as configured rules, so it cannot grow with traffic.
 */
const CACHE_SIZE = 1024;
const CACHED_SEED_LENGTH = 128;
const recentlyMinted = new Map<number, Map<string, string>>();
/** The same, per declared format (its `mint` is a pure function too). */
const recentlyMintedByFormat = new WeakMap<Readonly<ToolCallIdFormat>, Map<string, string>>();

function remembered(cache: Map<string, string>, seed: string, make: () => string): string {
  let id = cache.get(seed);
  if (id === undefined) {
    id = make();
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(seed, id);
  }
  return id;
}

/**
 * An id derived from `seed` alone that `rule` accepts: a declared format's own `mint`; for a
 * charset rule, `call_` (or `call` when only letters and digits are allowed) and a slice of the
 * seed's SHA-256, shortened to the rule's length limit. The prefix is left out when it would leave
 * less of the hash than the limit allows.
 */
export function mintToolCallId(seed: string, rule: IdRule = PORTABLE_TOOL_CALL_ID_RULE): string {
  if (isDeclaredFormat(rule)) {
    if (seed.length > CACHED_SEED_LENGTH) return rule.mint(seed);
    let cache = recentlyMintedByFormat.get(rule);
    if (cache === undefined) {
      cache = new Map();
      recentlyMintedByFormat.set(rule, cache);
    }
    return remembered(cache, seed, () => rule.mint(seed));
  }
  return mintByCharset(seed, rule);
}

function mintByCharset(seed: string, rule: Readonly<ToolCallIdRule>): string {
  const alphanumeric = rule.charset === "alphanumeric";
  const prefix = alphanumeric ? "call" : "call_";
  const hashLength = Math.min(alphanumeric ? HEX_HASH_LENGTH : WORD_HASH_LENGTH, rule.maxLength);
  const withPrefix = prefix.length + hashLength <= rule.maxLength;
  if (seed.length > CACHED_SEED_LENGTH) return mint(seed, alphanumeric, hashLength, withPrefix);
  const shape = hashLength * 4 + (alphanumeric ? 2 : 0) + (withPrefix ? 1 : 0);
  let cache = recentlyMinted.get(shape);
  if (cache === undefined) {
    cache = new Map();
    recentlyMinted.set(shape, cache);
  }
  return remembered(cache, seed, () => mint(seed, alphanumeric, hashLength, withPrefix));
}

function mint(seed: string, alphanumeric: boolean, hashLength: number, withPrefix: boolean): string {
  // The one-shot hash costs about half of createHash().update().digest() (Node >= 20.12).
  const hash = digest("sha256", seed, alphanumeric ? "hex" : "base64url").slice(0, hashLength);
  if (!withPrefix) return hash;
  return alphanumeric ? `call${hash}` : `call_${hash}`;
}

/**
 * The id to use for a tool-call id under `rule` (by default the rule every built-in provider
 * accepts): the id itself when the rule accepts it, else an id minted from it. A pure function of
 * its arguments: the same id always translates the same way, in any process, with no table kept,
 * and a translated id translates to itself.
 */
export function translateToolCallId(id: string, rule: IdRule = PORTABLE_TOOL_CALL_ID_RULE): string {
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
  rule: IdRule = PORTABLE_TOOL_CALL_ID_RULE,
): string {
  return occurrence === 0 ? translateToolCallId(id, rule) : mintToolCallId(`${id}\u0000${occurrence}`, rule);
}
