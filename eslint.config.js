// One lint configuration for every part; `npm run lint` must end with zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'off',
      // Without a message, the first failure of an assert.ok at a call site makes Node re-read and
      // re-parse the source to describe it. On tsx's one-line output that cost grows steeply with the
      // file's length (80-95 s on an e2e file), and it blocks the event loop: in server and e2e tests
      // the sync server shares that loop, and `npm start` runs the server under tsx too.
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.object.name='assert'][callee.property.name='ok'][arguments.length<2]",
          message: 'Give assert.ok a message: without one, a failure re-parses the source and blocks the event loop.',
        },
        {
          selector: "CallExpression[callee.name='assert'][arguments.length<2]",
          message: 'Give assert() a message: without one, a failure re-parses the source and blocks the event loop.',
        },
      ],
    },
  },
  {
    // In a test, `x!` on a value the test just created is an assertion: if it is absent, the test fails.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
