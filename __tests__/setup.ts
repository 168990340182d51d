import { Testing } from "cdktf";
import { applyTokenTraceSwitch } from "../support/token-traces";

Testing.setupJest();
// As in main.ts, without cdktf's stack trace for every token: inside jest each one was also
// source-mapped, most of the suite's time (support/token-traces.ts).
applyTokenTraceSwitch(process.env);
