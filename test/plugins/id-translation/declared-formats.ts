import { ANTHROPIC_TOOL_CALL_IDS } from "../../../plugins/anthropic/index.js";
import { GOOGLE_TOOL_CALL_IDS } from "../../../plugins/google/index.js";
import type { IdRule } from "../../../plugins/id-translation/index.js";
import { OPENAI_TOOL_CALL_IDS } from "../../../plugins/openai/index.js";

/** The tool-call-ID formats the built-in providers declare with their registrations. */
export const DECLARED_FORMATS: Readonly<Record<string, IdRule>> = Object.freeze({
  openai: OPENAI_TOOL_CALL_IDS,
  anthropic: ANTHROPIC_TOOL_CALL_IDS,
  google: GOOGLE_TOOL_CALL_IDS,
});
