// The group half-a: see __tests__/test-groups.js.
require("../test-groups").runGroup("half-a");
