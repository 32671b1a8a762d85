import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AttemptRecord } from "../../contract/output.js";
import type { RequestContext, Target } from "../../contract/request.js";
import type { AttemptStop } from "./attempt-stop.js";
import type { RequestScope } from "./request-scope.js";

/**
 * The RequestContext of one request. Its id, its logger child and its AbortSignal are made only if
 * someone asks for them: on a request that succeeds with the default plugins and a built-in
 * provider, nobody does. A UUID costs about 0.3 µs (Node refills its entropy cache every 128), an
 * AbortSignal 5-10 µs (see RequestScope).
 */
export class KernelRequestContext implements RequestContext {
  private id: string | undefined;
  target: Target;
  targetIndex = 0;
  attempt = 0;
  attemptOnTarget = 0;
  readonly attempts: AttemptRecord[] = [];
  private childLogger: Logger | undefined;
  /** The running attempt's own stop, when it has a time limit of its own (see AttemptStop). */
  attemptStop: AttemptStop | undefined;

  constructor(
    readonly client: string,
    readonly chain: readonly Target[],
    private readonly scope: RequestScope,
    readonly deadline: number,
    readonly streaming: boolean,
    private readonly parentLogger: Logger,
  ) {
    this.target = chain[0];
  }

  get signal(): AbortSignal {
    return this.attemptStop === undefined ? this.scope.signal : this.attemptStop.signal;
  }

  get requestId(): string {
    this.id ??= randomUUID();
    return this.id;
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
