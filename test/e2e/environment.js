// Jest environment for the e2e suite: records failed tests and hooks in the test file's global, so
// that the harness keeps the n8n user folder and prints the log only when something failed.
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
	async handleTestEvent(event) {
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
			this.global.__n8nE2eFailures = (this.global.__n8nE2eFailures || 0) + 1;
		}
	}
}

module.exports = E2eEnvironment;
