import { azureOpenAIConformanceAdapter } from "../../src/testing/conformance/azure-openai-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(azureOpenAIConformanceAdapter);
