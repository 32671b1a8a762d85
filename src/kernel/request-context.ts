import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AttemptRecord } from "../contract/output.js";
import type { RequestContext, Target } from "../contract/request.js";

/** The RequestContext of one request; its logger child is made only if someone asks for it. */
export class KernelRequestContext implements RequestContext {
  readonly requestId = randomUUID();
  target: Target;
  targetIndex = 0;
  attempt = 0;
  attemptOnTarget = 0;
  readonly attempts: AttemptRecord[] = [];
  private childLogger: Logger | undefined;

  constructor(
    readonly client: string,
    readonly chain: readonly Target[],
    readonly signal: AbortSignal,
    readonly deadline: number,
    readonly streaming: boolean,
    private readonly parentLogger: Logger,
  ) {
    this.target = chain[0];
  }

  get logger(): Logger {
    this.childLogger ??= this.parentLogger.child({ requestId: this.requestId, client: this.client });
    return this.childLogger;
  }

  moveToTarget(index: number): void {
    this.targetIndex = index;
    this.target = this.chain[index];
    this.attemptOnTarget = 0;
  }
}
