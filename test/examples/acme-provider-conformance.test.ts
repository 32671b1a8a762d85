import { acmeConformanceAdapter } from "../../examples/acme-provider/testing/acme-conformance-adapter.js";
import { defineProviderConformanceSuite } from "../../src/testing/index.js";

defineProviderConformanceSuite(acmeConformanceAdapter);
