import { vertexConformanceAdapter } from "../../src/testing/conformance/vertex-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(vertexConformanceAdapter);
