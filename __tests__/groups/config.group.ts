// The config group: see __tests__/test-groups.js.
require("../test-groups").runGroup("config");
