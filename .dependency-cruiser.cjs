/**
 * The house rules of DESIGN.md ("The shape of the house", "Conventions"), checked on every `npm test`
 * (`npm run lint:deps`). Paths are relative to the repository root. Type-only imports count as imports
 * (tsPreCompilationDeps): a door that borrows a database row type is as tied to the schema as one that queries it.
 *
 * Tests and tools are not production code: `*.test.ts(x)` anywhere, and scripts/, api-tests/, e2e/, bench/
 * and lib/testing/ may reach the database and the test code, so the rules below leave them out on the `from` side.
 * Violations that are known and being removed are listed in .dependency-cruiser-known-violations.json
 * (read with --ignore-known); a new one fails. scripts/house-rules.test.ts proves each rule fires.
 */

const TEST_FILE = "\\.(test|spec)\\.tsx?$";
const TOOL_CODE = "^(lib/testing|scripts|api-tests|e2e|bench)/";
// The database: its client and stores, the generated Prisma clients under it, and Prisma's own packages
// (resolved into node_modules, or by bare name when a checkout has not installed them).
const DATABASE = ["^lib/db/", "(^|/)node_modules/@prisma/", "^@prisma/"];
// What a route of a standard's door may use besides its door: the framework, Node's own modules, and
// package.json (the release the CapabilityStatement names is a fact of the build, not a rule of the standard).
const FRAMEWORK = "(^|/)node_modules/(next|@next)/|^next(/|$)|^package\\.json$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "doors-never-import-database",
      severity: "error",
      comment: "A door parses its wire format, calls a use case and maps the answer back; data comes only through a use case in the core.",
      from: { path: "^lib/doors/", pathNot: TEST_FILE },
      to: { path: DATABASE },
    },
    {
      name: "no-prisma-outside-lib",
      severity: "error",
      comment:
        "Prisma and the stores live inside lib/: pages, components, route handlers, proxy.ts and instrumentation.ts go through a use case. " +
        "Tests and tools (scripts/, api-tests/, e2e/, bench/, *.test.ts) may set up and inspect the database directly.",
      from: { pathNot: ["^lib/", TOOL_CODE, TEST_FILE] },
      to: { path: DATABASE },
    },
    {
      name: "app-standard-routes-only-doors",
      severity: "error",
      comment:
        "A route of a standard (app/STU3, app/R4, app/itk) hands the request to its door and nothing else, " +
        "so every rule of that standard (authentication, errors, audit of the request) lives in the door.",
      from: { path: "^app/(STU3|R4|itk)/", pathNot: TEST_FILE },
      to: { pathNot: ["^lib/doors/", "^app/$1/", FRAMEWORK], dependencyTypesNot: ["core"] },
    },
    {
      name: "app-staff-no-door-internals",
      severity: "error",
      comment:
        "Staff pages and JSON routes call staff use cases, not a standard's door. lib/doors/http (body limits, gzip, request ids) " +
        "is what every HTTP entry point shares, so it is allowed; the database and the test code are covered by the rules of their own.",
      from: { path: "^app/", pathNot: ["^app/(STU3|R4|itk)/", TEST_FILE] },
      to: { path: "^lib/doors/", pathNot: "^lib/doors/http/" },
    },
    {
      name: "production-never-imports-test-code",
      severity: "error",
      comment: "Fixtures, simulators and the test database are for tests and tools; the server must not ship them.",
      from: { pathNot: [TOOL_CODE, TEST_FILE] },
      to: { path: TOOL_CODE },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle means two modules are one module in two files; move what both need into a module of its own.",
      from: { path: "^(lib|app|components)/" },
      to: { circular: true },
    },
    {
      name: "imports-resolve",
      severity: "error",
      comment: "An import the cruiser cannot resolve is invisible to every rule above, so the rules would pass without looking.",
      from: { pathNot: TEST_FILE },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Third-party packages and the generated Prisma clients are seen as targets, never read inside.
    doNotFollow: { path: ["(^|/)node_modules/", "^lib/db/generated/"] },
    exclude: { path: ["(^|/)\\.next[^/]*/", "^test-results/", "^playwright-report/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
  },
};
