import { applyPlainResolveSwitch } from "../support/plain-resolve";
import { applyPreparePassSwitch } from "../support/prepare-pass";
import { applyTokenTraceSwitch } from "../support/token-traces";

// As in main.ts, without cdktf's stack trace for every token: inside jest each one was also
// source-mapped, most of the suite's time (support/token-traces.ts). Applied before anything
// loads cdktf, which creates tokens of its own as it loads.
applyTokenTraceSwitch(process.env);
// And, as in main.ts, one resolving pass (support/prepare-pass.ts).
applyPreparePassSwitch(process.env);
// And plain data copied without cdktf's resolver (support/plain-resolve.ts).
applyPlainResolveSwitch(process.env);
(require("cdktf") as typeof import("cdktf")).Testing.setupJest();
