// Once before the suite: the tests that run okemesh as a process run the build in dist/, so it
// must match the sources (scripts/build.js; a no-op when nothing changed).
module.exports = () => require("../scripts/build").build({ quiet: true });
