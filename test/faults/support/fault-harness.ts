import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { pino } from "pino";
import {
  createRuntime,
  isLLMError,
  type LLMClient,
  type LLMProviderError,
  type Runtime,
  type RuntimeOptions,
  type StreamEvent,
} from "../../../src/index.js";
import { type CollectedStream, collectStream } from "../../../src/testing/conformance/stream-case-helpers.js";
import { describeErrorForLeakCheck, type FakeServer } from "../../../src/testing/index.js";
import { buildFaultConfig, type RuntimeSpec } from "./build-fault-config.js";
import { type Canaries, canaryNeedles, createCanaries, findCanaries } from "./canary-keys.js";
import { FAULT_PROVIDERS, type ProviderName } from "./fault-providers.js";
import { findEarlyRetries } from "./find-early-retries.js";
import { watchUnhandledRejections } from "./watch-unhandled-rejections.js";

export interface OpenedRuntime {
  runtime: Runtime;
  client: LLMClient;
}

export const PROMPT = [{ role: "user" as const, content: "What is the weather in Lisbon?" }];

/** A retry plugin entry that waits `initialDelayMs` without jitter: fast and deterministic. */
export const fastRetry = (options: Record<string, unknown> = {}) => ({
  use: "retry",
  options: { initialDelayMs: 5, jitter: 0, ...options },
});

export function fallback(fallbackOn?: string[]) {
  return fallbackOn ? { use: "fallback", options: { fallbackOn } } : "fallback";
}

/**
 * Everything a fault test shares: the three fake servers (fresh per test), the canary keys, a
 * runtime builder with every log line captured at trace level and debug dumps written to a
 * fresh folder, and the universal checks run after every test: no canary (or 8-character run of
 * one) in any log line, error text or dump file; no unhandled rejection; no retry earlier than a
 * reply asked (faults H1 and B4, docs/reliability.md).
 */
export class FaultHarness {
  readonly canaries: Canaries = createCanaries();
  servers!: Record<ProviderName, FakeServer>;
  dumpDirectory = "";
  readonly logLines: string[] = [];
  private readonly errors: unknown[] = [];
  /** Secrets a test adds (header values, prompt canaries), scanned for like the keys. */
  private readonly extraSecrets: string[] = [];
  private readonly extraTexts: string[] = [];
  private readonly runtimes: Runtime[] = [];
  private readonly rejections = watchUnhandledRejections();
  /** Every runtime of the test logs here, at trace level, so every line is scanned. */
  readonly logger = pino({ level: "trace" }, { write: (line: string) => this.logLines.push(line) });

  async setUp(): Promise<void> {
    const [openai, anthropic, google] = await Promise.all(
      FAULT_PROVIDERS.map((provider) => provider.startServer()),
    );
    this.servers = { openai, anthropic, google };
    this.dumpDirectory = await mkdtemp(path.join(tmpdir(), "llm-faults-"));
    this.logLines.length = 0;
    this.errors.length = 0;
    this.extraSecrets.length = 0;
    this.extraTexts.length = 0;
    this.rejections.reset();
  }

  /**
   * Closes what the test opened, then runs the universal checks. Called at the end of every test
   * body (see `test`), not in afterEach: a failing afterEach would stop mocha from running the
   * rest of the block.
   */
  async finish(): Promise<void> {
    await this.release();
    const dumps = await this.dumpTexts();
    const texts = [
      ...this.logLines,
      ...this.errors.flatMap(describeErrorForLeakCheck),
      ...dumps,
      ...this.extraTexts,
    ];
    const needles = [...canaryNeedles(this.canaries), ...this.extraSecrets];
    expect(findCanaries(texts, needles), "a canary key leaked").to.deep.equal([]);
    expect(this.rejections.seen(), "unhandled rejections").to.deep.equal([]);
    const early = FAULT_PROVIDERS.flatMap((provider) =>
      findEarlyRetries(this.servers[provider.name], provider.adapter.sentApiKey),
    );
    expect(early, "retries earlier than the server asked (B4)").to.deep.equal([]);
  }

  /** Releases everything the test opened; safe to call twice, never throws. */
  async release(): Promise<void> {
    const runtimes = this.runtimes.splice(0);
    await Promise.allSettled(runtimes.map((runtime) => runtime.close()));
    await Promise.allSettled(Object.values(this.servers).map((server) => server.close()));
  }

  async cleanUp(): Promise<void> {
    await this.release();
    await rm(this.dumpDirectory, { recursive: true, force: true });
  }

  /** Declares a mocha test whose body ends with the universal checks. */
  test(title: string, body: () => Promise<void>): Mocha.Test {
    return it(title, async () => {
      await body();
      await this.finish();
    });
  }

  async open(spec: RuntimeSpec): Promise<OpenedRuntime> {
    const runtime = await this.createRuntime({
      config: buildFaultConfig(spec, this),
      ...(spec.maxAttemptsPerRequest ? { maxAttemptsPerRequest: spec.maxAttemptsPerRequest } : {}),
    });
    return { runtime, client: runtime.client() };
  }

  /**
   * `createRuntime` with the test's logger (every line kept, trace level) and an empty
   * environment; the runtime is closed after the test. A failure to build is tracked and rethrown.
   */
  async createRuntime(options: RuntimeOptions): Promise<Runtime> {
    try {
      const runtime = await createRuntime({ env: {}, logger: this.logger, ...options });
      this.runtimes.push(runtime);
      return runtime;
    } catch (error) {
      this.track(error);
      throw error;
    }
  }

  /** A value that must not appear in any sink either (matched whole). */
  addSecret(value: string): string {
    this.extraSecrets.push(value);
    return value;
  }

  /** Text from another sink (a command's output) for the leak scan. */
  scanText(text: string): void {
    this.extraTexts.push(text);
  }

  /** Keeps an error for the leak scan. */
  track(error: unknown): void {
    this.errors.push(error);
  }

  /** The typed error a call rejects with; fails the test if it resolves or throws an untyped error. */
  async failure(call: Promise<unknown>): Promise<LLMProviderError> {
    try {
      await call;
    } catch (error) {
      this.track(error);
      expect(isLLMError(error), `expected a typed llm-runtime error, got ${String(error)}`).to.equal(true);
      return error as LLMProviderError;
    }
    throw new Error("expected the call to fail, but it succeeded");
  }

  /** Reads a stream to its end or its error, keeping the error for the leak scan. */
  async stream(stream: AsyncIterable<StreamEvent>): Promise<CollectedStream> {
    const collected = await collectStream(stream);
    if (collected.error !== undefined) {
      this.track(collected.error);
      expect(isLLMError(collected.error), `untyped stream error: ${String(collected.error)}`).to.equal(true);
    }
    return collected;
  }

  /** Every file under the test's dump folder (sub-folders included). */
  private async dumpTexts(): Promise<string[]> {
    const entries = await readdir(this.dumpDirectory, { recursive: true, withFileTypes: true }).catch(
      () => [],
    );
    const files = entries.filter((entry) => entry.isFile());
    return Promise.all(files.map((entry) => readFile(path.join(entry.parentPath, entry.name), "utf8")));
  }
}

/** Registers the harness's per-test set-up and checks in the enclosing describe block. */
export function useFaultHarness(): FaultHarness {
  const harness = new FaultHarness();
  beforeEach(() => harness.setUp());
  afterEach(() => harness.cleanUp());
  return harness;
}
