import { expect } from "chai";
import {
  REDACTED,
  redactDumpPaths,
  scrubDumpValue,
  scrubSecretText,
} from "../../../plugins/debug-dump/index.js";

describe("debug-dump: secret scrubbing", () => {
  const cases: Array<[string, string]> = [
    ["Incorrect API key provided: sk-canary-Qx7Vd9Lm2Pz4Rt8Kw3NbJ6.", "sk-canary-Qx7Vd9Lm2Pz4Rt8Kw3NbJ6"],
    ["invalid x-api-key sk-ant-api03-Hy5Gc2Ts9Wf4Mv7Rq1Ld8", "Hy5Gc2Ts9Wf4Mv7Rq1Ld8"],
    [
      "GET https://host/v1beta/models/m:generateContent?key=AIzaSyCanary0123456789abc&alt=sse",
      "AIzaSyCanary",
    ],
    ["GET https://proxy.example/v1?alt=sse&key=plainCanaryValue42", "plainCanaryValue42"],
    ["Authorization: Bearer canaryBearerToken42", "canaryBearerToken42"],
    ['{"x-goog-api-key":"canaryGoogValue42"}', "canaryGoogValue42"],
    ["api-key = canaryAzureKey42; region", "canaryAzureKey42"],
  ];
  for (const [text, secret] of cases) {
    it(`removes ${JSON.stringify(secret)} from ${JSON.stringify(text.slice(0, 40))}...`, () => {
      const scrubbed = scrubSecretText(text);
      expect(scrubbed).to.not.include(secret);
      expect(scrubbed).to.include(REDACTED);
    });
  }

  it("leaves ordinary text alone", () => {
    const text = "the task-force asked for 3 tokens; key points: none";
    expect(scrubSecretText(text)).to.equal(text);
  });

  it("replaces values under credential keys at any depth, whatever their case, without changing the input", () => {
    const input = Object.freeze({
      params: Object.freeze({
        temperature: 0.2,
        max_tokens: 10,
        ApiKey: "k1",
        nested: { Authorization: "x" },
      }),
      headers: { "X-Api-Key": "k2" },
      list: [{ password: "p" }],
    });
    const scrubbed = scrubDumpValue(input) as Record<string, Record<string, unknown>>;
    expect(scrubbed.params).to.deep.equal({
      temperature: 0.2,
      max_tokens: 10,
      ApiKey: REDACTED,
      nested: { Authorization: REDACTED },
    });
    expect(scrubbed.headers).to.equal(REDACTED);
    expect(scrubbed.list).to.deep.equal([{ password: REDACTED }]);
    expect(input.params.ApiKey).to.equal("k1");
  });

  it("makes a JSON-safe copy: cycles, functions and bigints never break it", () => {
    const looped: Record<string, unknown> = { name: "a", run: () => 1, big: 10n };
    looped.self = looped;
    expect(scrubDumpValue(looped)).to.deep.equal({ name: "a", big: "10", self: "[cycle]" });
  });

  it("redacts configured dot paths, with * for any key or index, ignoring paths that lead nowhere", () => {
    const document = {
      request: { params: { user: "u-42", temperature: 1 } },
      chain: [{ params: { metadata: { team: "x" } } }, { params: {} }],
    };
    redactDumpPaths(document, ["request.params.user", "chain.*.params.metadata", "no.such.path"]);
    expect(document).to.deep.equal({
      request: { params: { user: REDACTED, temperature: 1 } },
      chain: [{ params: { metadata: REDACTED } }, { params: {} }],
    });
  });
});
