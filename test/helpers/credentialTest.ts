/**
 * A credential's test as n8n's credential tester runs it: a declarative node whose one property
 * routes the credential's `test.request` (RoutingNode, httpRequestWithAuthentication), run with the
 * given credentials helper, then the test's `responseSuccessBody` rules on the answer. Returns
 * what the editor would show.
 */
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { TestCredentialsHelper } from './credentials';
import { runNode } from './workflow';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The tester of credential type `Type`: call it with the helper holding the credential to test. */
export function credentialTester(
	Type: new () => ICredentialType,
): (helper: TestCredentialsHelper) => Promise<CredentialTestResult> {
	const credential = new Type();
	const { test } = credential;
	if (!test) throw new Error(`${credential.name} has no test request`);

	class CredentialTestNode implements INodeType {
		description: INodeTypeDescription = {
			displayName: 'Temp Node',
			name: 'tempNode',
			group: ['transform'],
			version: 1,
			description: `Runs the ${credential.displayName} credential test request`,
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test!.request } }],
		};
	}

	return async (helper) => {
		const result = await runNode({ node: CredentialTestNode, credentialsHelper: helper, credentialTypes: [Type] });
		if (result.error) return { status: 'Error', message: `${result.error.message} ${result.error.description ?? ''}` };
		const body = result.items[0][0].json as Record<string, unknown>;
		for (const rule of test.rules ?? []) {
			const { key, value, message } = rule.properties as { key: string; value: unknown; message: string };
			if (body[key] === value) return { status: 'Error', message };
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	};
}
