import { googleConformanceAdapter } from "../../src/testing/conformance/google-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(googleConformanceAdapter);
