import { anthropicConformanceAdapter } from "../../src/testing/conformance/anthropic-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(anthropicConformanceAdapter);
