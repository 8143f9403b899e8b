// Run by runtime_test.ts without --allow-env: defaults must apply.
import { defaultTimeoutMs, serviceUrl } from "../../src/core/environments.ts";
console.log(serviceUrl("transfer"), defaultTimeoutMs());
