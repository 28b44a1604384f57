import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Imports go one way. `import-x/no-cycle`: no module reaches itself again through what it imports,
 * a lazy `import()` included (`import type` is not followed: types leave nothing at run time).
 * `import-x/no-restricted-paths`: the layers of the app, even for types.
 */
const oneWayImports = (project) => ({
  plugins: { 'import-x': importX },
  settings: {
    // Without .ts and .tsx here, the rules would not look into the app's own modules at all.
    'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    'import-x/resolver-next': [createTypeScriptImportResolver({ project })],
  },
  rules: {
    // A package never imports the app back; not following packages keeps the rule cheap.
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/api/schema.d.ts', 'e2e/screenshots'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, oneWayImports('tsconfig.json')],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Form state is kept in refs on purpose, so callbacks always see the latest options.
      'react-hooks/refs': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: ['src/api', 'src/auth', 'src/components', 'src/i18n', 'src/lib'],
              from: 'src/features',
              message: 'Shared code does not depend on a feature: move what both need down (src/lib, src/components).',
            },
            {
              target: 'src/features/*/**',
              from: 'src/features/index.ts',
              message: 'A feature does not import the list of features: import the module it needs itself.',
            },
            {
              target: 'src/auth/oidc.ts',
              from: 'src/auth/session.ts',
              message: 'session.ts loads oidc.ts, not the other way round: shared types live in src/auth/types.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs', '*.config.{js,ts}'],
    extends: [js.configs.recommended, oneWayImports('tsconfig.node.json')],
    // e2e flows also hold functions that run in the page (page.evaluate).
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
