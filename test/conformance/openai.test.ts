import { defineProviderConformanceSuite } from "../../src/testing/index.js";
import { openAIConformanceAdapter } from "../support/openai-conformance-adapter.js";

defineProviderConformanceSuite(openAIConformanceAdapter);
