import { defineProviderConformanceSuite } from "../../src/testing/index.js";
import { azureOpenAIConformanceAdapter } from "../support/azure-openai-conformance-adapter.js";

defineProviderConformanceSuite(azureOpenAIConformanceAdapter);
