import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: false, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    setupFiles: ['test/setup.ts'],
    // Deadlines only a stall reaches: with both cores busy (two runs at once), a browser or a child process can take
    // several times its usual time, and vitest's 5 s default then fails a test that is right.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The SDK warns that Node.js 20 will not be supported after January 2027: noise in every test that loads it.
    env: { POWERTOOLS_DEV: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
