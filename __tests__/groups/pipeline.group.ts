// The pipeline group: see __tests__/test-groups.js.
require("../test-groups").runGroup("pipeline");
