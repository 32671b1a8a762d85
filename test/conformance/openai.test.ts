import { openAIConformanceAdapter } from "../../src/testing/conformance/openai-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(openAIConformanceAdapter);
