import { defineProviderConformanceSuite } from "../../src/testing/index.js";
import { vertexConformanceAdapter } from "../support/vertex-conformance-adapter.js";

defineProviderConformanceSuite(vertexConformanceAdapter);
