// The group half-b: see __tests__/test-groups.js.
require("../test-groups").runGroup("half-b");
