/** The real-n8n suite (npm run test:e2e, via test/e2e/run.sh). Unit tests use the root jest.config.js. */
module.exports = {
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testEnvironment: '<rootDir>/test/e2e/environment.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/e2e/tsconfig.json' }],
	},
	// One n8n at a time: each takes a core while it starts, and the machine has two.
	maxWorkers: 1,
	// Covers an n8n start (~10 s), CLI commands (~3-9 s each) and, on a cold cache, an install.
	testTimeout: 10 * 60 * 1000,
	verbose: true,
};
