import type { IdRule } from "./tool-call-id-rules.js";
import { mintToolCallId, translateRepeatedToolCallId } from "./translate-tool-call-id.js";

/**
 * The names given to the tool calls of one history while it is being translated, and which call
 * each tool message answers. It lives for one translation only: nothing is kept between requests.
 *
 * Naming: the first use of an id in the history translates as `translateToolCallId`; a repeated use
 * (two calls of one turn sharing an id, or a later turn reusing an id such as `functions.Bash:0`)
 * gets an id minted from the id and its occurrence number, so every call of the request has its
 * own id and a provider that pairs by id (Anthropic, Gemini) never sees two calls with one id.
 *
 * Answering: a tool message answers the first unanswered call with its id in the latest assistant
 * turn (so results of repeated ids pair in order), else the latest unanswered call with that id in
 * an earlier turn.
 */
export class ToolCallIdPairing {
  private readonly occurrences = new Map<string, number>();
  private readonly used = new Set<string>();
  private current = new Map<string, string[]>();
  private readonly earlier = new Map<string, string[]>();

  constructor(private readonly rule: IdRule) {}

  /** Starts a new assistant turn; the unanswered calls of the previous one move to `earlier`. */
  startTurn(): void {
    if (this.current.size === 0) return;
    for (const [id, names] of this.current) {
      const pending = this.earlier.get(id);
      if (pending) pending.push(...names);
      else this.earlier.set(id, names);
    }
    this.current = new Map();
  }

  /** The id to send for a call of the current turn whose id in the history is `id`. */
  nameCall(id: string): string {
    const occurrence = this.occurrences.get(id) ?? 0;
    this.occurrences.set(id, occurrence + 1);
    let name = translateRepeatedToolCallId(id, occurrence, this.rule);
    // Only a hash collision, or an id that happens to equal another's minted id, gets here.
    while (this.used.has(name)) name = mintToolCallId(`${name}\u0000`, this.rule);
    this.used.add(name);
    const pending = this.current.get(id);
    if (pending) pending.push(name);
    else this.current.set(id, [name]);
    return name;
  }

  /** The id to send for a tool message answering `id`, or undefined when no unanswered call has it. */
  answer(id: string): string | undefined {
    const inTurn = this.current.get(id);
    if (inTurn && inTurn.length > 0) return inTurn.shift();
    return this.earlier.get(id)?.pop();
  }
}
