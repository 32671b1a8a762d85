import { definePlugin } from "../../src/index.js";
import { ID_TRANSLATION_OPTIONS_SCHEMA, type IdTranslationOptions } from "./id-translation-options.js";
import type { IdRule } from "./tool-call-id-rules.js";
import { translateHistory } from "./translate-history.js";
import { translateOutputToolCalls } from "./translate-output-tool-calls.js";
import { StreamToolCallIds } from "./translate-stream-tool-call-ids.js";

export { ID_TRANSLATION_OPTIONS_SCHEMA, type IdTranslationOptions } from "./id-translation-options.js";
export {
  type IdRule,
  isValidToolCallId,
  PORTABLE_TOOL_CALL_ID_RULE,
  ruleForProviderType,
  type ToolCallIdCharset,
  type ToolCallIdRule,
} from "./tool-call-id-rules.js";
export { type HistoryTarget, translateHistory } from "./translate-history.js";
export { translateOutputToolCalls } from "./translate-output-tool-calls.js";
export {
  mintToolCallId,
  translateRepeatedToolCallId,
  translateToolCallId,
} from "./translate-tool-call-id.js";

/**
 * Makes a conversation that crossed providers valid for the provider it is sent to (see "Tool-call
 * IDs" in docs/architecture.md): before each attempt the history's tool-call ids are rewritten for
 * the target's provider type, by the rule its registration declared (or the `rules` option), and
 * foreign extension data is dropped; after a success the returned tool-call ids
 * are made valid for every built-in provider. Stateless: the same input always gives the same ids,
 * in any process, and no table decides an id (a bounded cache of recently minted ids only
 * spares minting the same id again, see translate-tool-call-id.ts).
 */
export default definePlugin<IdTranslationOptions>({
  name: "id-translation",
  apiVersion: 2,
  optionsSchema: ID_TRANSLATION_OPTIONS_SCHEMA,
  setup(context, options) {
    const configured = options.rules ?? {};
    // The rule of each provider type, as a one-entry table for translateHistory: from the options,
    // else from the type's registration. Looked up at the first request for the type, once every
    // plugin has registered its providers.
    const rulesByType = new Map<string, Readonly<Record<string, IdRule>>>();
    const rulesFor = (providerType: string): Readonly<Record<string, IdRule>> => {
      let rules = rulesByType.get(providerType);
      if (rules === undefined) {
        const rule = Object.hasOwn(configured, providerType)
          ? configured[providerType]
          : context.toolCallIdFormat(providerType);
        rules = Object.freeze(rule === undefined ? {} : { [providerType]: rule });
        rulesByType.set(providerType, rules);
      }
      return rules;
    };
    // Read-only: translateHistory never changes what it is given, so the kernel need not copy the
    // caller's messages for it (tests freeze the history to prove it).
    context.hooks.beforeRequest.tap({ stage: "translate", readOnly: true }, (request, requestContext) => {
      const { target } = requestContext;
      const messages = translateHistory(request.messages, target, rulesFor(target.providerType));
      return messages === request.messages ? undefined : { ...request, messages };
    });
    context.hooks.afterResponse.tap({ stage: "translate" }, (output) => {
      const translated = translateOutputToolCalls(output);
      return translated === output ? undefined : translated;
    });
    // A stream announces each call before the output exists: its tool-call-start gets the id
    // afterResponse will give the call, so tool-call-start, tool-call-end and finish agree.
    const streamIds = new StreamToolCallIds();
    context.hooks.streamEvent.tap({ stage: "translate" }, (event, requestContext) =>
      event.type === "tool-call-start" ? streamIds.translate(event, requestContext) : undefined,
    );
  },
});
