/**
 * Architecture rules of OneWindow, checked by `npm run lint:deps`
 * (depcruise --config .dependency-cruiser.cjs domain server/src web/src).
 *
 * - domain/ is pure: no server/, no web/, no node built-ins, no npm package but zod
 *   (its *.test.ts files may also use the test tools vitest and fast-check), and the JSON data
 *   of chinese-days (the holiday calendar: data, not code);
 * - web/ and server/ never import each other (they share only @onewindow/domain);
 * - server modules (server/src/modules/<name>/) talk to each other through service.ts only;
 *   the one exception is schema.ts → schema.ts, for foreign keys between tables.
 */

/** a domain test file */
const DOMAIN_TEST = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---------------------------------------------------------------- domain
    {
      name: 'domain-not-to-server-or-web',
      comment: 'domain/ is the shared contract; it may not depend on server/ or web/.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'domain-no-node-builtins',
      comment: 'domain/ runs in the browser too: no node built-in modules (fs, net, http, node:* …).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-only-zod',
      comment:
        'domain/ may use no npm package other than zod (nor anything it cannot resolve), ' +
        'except the JSON data file of chinese-days (holiday calendar data, none of its code).',
      severity: 'error',
      from: { path: '^domain/', pathNot: DOMAIN_TEST },
      // server/, web/ and built-ins are reported by the two rules above
      to: {
        dependencyTypesNot: ['core'],
        pathNot: ['^domain/', '^(server|web)/', '(^|/)node_modules/zod/', '(^|/)node_modules/chinese-days/dist/chinese-days\\.json$'],
      },
    },
    {
      name: 'domain-tests-only-zod-and-test-tools',
      comment: 'domain/ tests may use zod and the test tools vitest and fast-check, nothing else outside domain/.',
      severity: 'error',
      from: { path: ['^domain/.+' + DOMAIN_TEST] },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: [
          '^domain/',
          '^(server|web)/',
          '(^|/)node_modules/(zod|vitest|fast-check)/',
          '(^|/)node_modules/@vitest/',
        ],
      },
    },

    // ---------------------------------------------------------------- web <-> server
    {
      name: 'web-not-to-server',
      comment: 'web/ talks to the server over HTTP only; share types through @onewindow/domain.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-to-web',
      comment: 'server/ may not import from web/.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^web/' },
    },

    // ---------------------------------------------------------------- server modules
    {
      name: 'module-not-to-other-module-repo',
      comment: "A module may not use another module's repo.ts; call its service.ts.",
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/repo\\.ts$',
        pathNot: '^server/src/modules/$1/',
      },
    },
    {
      name: 'module-not-to-other-module-schema',
      comment:
        "A module may not use another module's schema.ts (tables) except from its own schema.ts " +
        '(foreign keys); call the other module\'s service.ts.',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/', pathNot: '^server/src/modules/[^/]+/schema\\.ts$' },
      to: {
        path: '^server/src/modules/[^/]+/schema\\.ts$',
        pathNot: '^server/src/modules/$1/',
      },
    },
    {
      name: 'module-only-through-service',
      comment: "Modules talk through service.ts only: no other file of another module (routes.ts, helpers …).",
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: [
          '^server/src/modules/$1/',
          '^server/src/modules/[^/]+/service\\.ts$',
          // reported by the two rules above, with a clearer message
          '^server/src/modules/[^/]+/(repo|schema)\\.ts$',
        ],
      },
    },
  ],

  options: {
    // cruise our sources, never into dependencies
    doNotFollow: { path: '(^|/)node_modules/' },
    // build output of the workspaces (anchored: dependencies' own dist/ folders must stay visible)
    exclude: { path: '^(domain|server|web)/(dist|coverage)/' },
    // count `import type` too: a type-only import still couples the layers
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // TypeScript sources import './x.js' meaning './x.ts': dependency-cruiser falls back from .js to
    // .ts/.tsx/.d.ts the way tsc does, given these extensions
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
