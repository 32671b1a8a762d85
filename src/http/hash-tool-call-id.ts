import { hash } from "node:crypto";

/**
 * `call_` and the first `length` characters of the ID's SHA-256 in base64url: letters, digits, `_`
 * and `-` only, the same for the same ID in any process, and distinct for distinct IDs (24
 * characters are 144 bits). A ready `mint` for a provider's ToolCallIdFormat whose pattern accepts
 * those characters and whose length limit is at least `length + 5`.
 */
export function hashToolCallId(id: string, length = 24): string {
  // The one-shot hash costs about half of createHash().update().digest() (Node >= 20.12).
  return `call_${hash("sha256", id, "base64url").slice(0, length)}`;
}
