import { reapOrphans } from './harness';

/** Last resort after all test files: any n8n this jest process started and did not stop. */
export default async function globalTeardown(): Promise<void> {
	const killed = reapOrphans(process.pid);
	if (killed.length > 0) {
		process.stderr.write(`[e2e] globalTeardown killed leftover n8n process group(s): ${killed.join(', ')}\n`);
	}
}
