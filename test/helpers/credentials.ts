/**
 * An ICredentialsHelper that behaves like n8n's CLI CredentialsHelper
 * (packages/cli/src/credentials-helper.ts) for everything our nodes rely on, with an in-memory
 * map standing in for the credentials table. Not covered: credential overwrites, external
 * secrets, expressions inside stored credential values, OAuth token refresh.
 */
import type {
	INodeCredentials,
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { deepCopy, ICredentials, ICredentialsHelper, isExpression, NodeHelpers, UserError } from 'n8n-workflow';

export type CredentialTypeInput = ICredentialType | (new () => ICredentialType);

/** One call of updateCredentials / updateCredentialsOauthTokenData, i.e. one database write. */
export interface CredentialWrite {
	type: string;
	nodeCredentials: INodeCredentialsDetails;
	/** A copy of the full record as written. */
	data: ICredentialDataDecryptedObject;
	via: 'updateCredentials' | 'updateCredentialsOauthTokenData';
}

/** One preAuthentication() call that reached the credential type's own preAuthentication. */
export interface PreAuthenticationCall {
	type: string;
	/** Why it ran: the expirable property was '' or the caller said the credentials expired. */
	reason: 'empty' | 'expired';
	/** Whether the output contained the expirable property (only then is it persisted). */
	persisted: boolean;
}

class InMemoryCredentials extends ICredentials {
	private record: ICredentialDataDecryptedObject;

	constructor(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		super(nodeCredentials, type);
		this.record = deepCopy(data);
	}

	getData(): ICredentialDataDecryptedObject {
		return deepCopy(this.record);
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.record = deepCopy(data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.record) };
	}
}

/** The expressions found in credential types: `={{$credentials.x}}`, `=Bearer {{ $credentials["x"] }}`. */
function resolveWithoutWorkflow(value: string, credentials: ICredentialDataDecryptedObject): string {
	if (!isExpression(value)) return value;
	const template = value.slice(1);
	const resolved = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => {
		const found = /^\$credentials(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])(.+?)\2\s*\])$/.exec(expression);
		if (!found) {
			throw new Error(
				`TestCredentialsHelper can only resolve "$credentials.<name>" without a workflow, got "${expression}"`,
			);
		}
		const property = credentials[found[1] ?? found[3]];
		return property === undefined || property === null ? '' : String(property);
	});
	return resolved;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every persisted change, oldest first. */
	readonly writes: CredentialWrite[] = [];

	/** Credential types whose data was fetched with getDecrypted, in order. */
	readonly reads: string[] = [];

	readonly preAuthentications: PreAuthenticationCall[] = [];

	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	private readonly types = new Map<string, ICredentialType>();

	constructor(
		credentials: Record<string, ICredentialDataDecryptedObject> = {},
		credentialTypes: CredentialTypeInput[] = [],
	) {
		super();
		this.addCredentialTypes(credentialTypes);
		for (const [type, data] of Object.entries(credentials)) this.setCredentials(type, data);
	}

	addCredentialTypes(credentialTypes: CredentialTypeInput[]): void {
		for (const input of credentialTypes) {
			const type = typeof input === 'function' ? new input() : input;
			this.types.set(type.name, type);
		}
	}

	/** Replaces the stored record without counting as a write (test setup, not the node). */
	setCredentials(type: string, data: ICredentialDataDecryptedObject): void {
		this.stored.set(type, deepCopy(data));
	}

	hasCredentials(type: string): boolean {
		return this.stored.has(type);
	}

	/** A copy of what is stored now, without defaults: what the database row holds. */
	getStored(type: string): ICredentialDataDecryptedObject | undefined {
		const data = this.stored.get(type);
		return data === undefined ? undefined : deepCopy(data);
	}

	storedTypes(): string[] {
		return [...this.stored.keys()];
	}

	getCredentialType(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (!type) {
			throw new Error(
				`Unknown credential type "${typeName}": pass its ICredentialType instance in credentialTypes`,
			);
		}
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const type = this.types.get(typeName);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const type = this.getCredentialType(typeName);
		if (type.extends === undefined) return type.properties;
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			if (this.types.has(parent)) NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new InMemoryCredentials(nodeCredentials, type, this.requireStored(nodeCredentials, type));
	}

	/**
	 * Like the CLI: a fresh copy of the stored record with the credential type's defaults filled
	 * in for displayed properties, which is how a hidden `accessToken` that was never saved comes
	 * back as '' and triggers preAuthentication.
	 */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: unknown,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const original = deepCopy(this.requireStored(nodeCredentials, type));
		this.reads.push(type);
		if (raw === true || !this.types.has(type)) return original;

		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) withDefaults.oauthTokenData = original.oauthTokenData;
		return withDefaults;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getCredentialType(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			requestOptions.headers ??= {};
			const resolve = (value: string): string => {
				if (!workflow || !node) return resolveWithoutWorkflow(value, credentials);
				if (!isExpression(value)) return value;
				const result = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return result ? String(result) : '';
			};
			const target = requestOptions as unknown as Record<string, IDataObject | undefined>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as IDataObject)) {
					const resolvedKey = resolve(key);
					const resolvedValue = resolve(value as string);
					target[section] ??= {};
					target[section][resolvedKey] = resolvedValue;
				}
			}
		}
		return requestOptions;
	}

	/** n8n's logic step for step, plus bookkeeping in `preAuthentications`. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;

		const isEmpty = credentials[expirableProperty.name] === '';
		// n8n also runs it for a credential test, recognised by this node; but its tester names the
		// node type 'noOp', never 'n8n-nodes-base.noOp' (2.8.4 and 2.41.1), so this never holds there.
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (!isEmpty && !credentialsExpired && !isTestingCredentials) return undefined;

		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as IDataObject;
		const persisted = output[expirableProperty.name] !== undefined;
		this.preAuthentications.push({ type: typeName, reason: isEmpty ? 'empty' : 'expired', persisted });
		if (!persisted) return undefined;

		// n8n only persists (and only returns the new data) when the node references a stored credential.
		if (!node.credentials) return undefined;
		const nodeCredentials = node.credentials[credentialType.name];
		const merged = Object.assign(credentials, output as ICredentialDataDecryptedObject);
		await this.updateCredentials(nodeCredentials, credentialType.name, merged);
		return merged;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, deepCopy(data));
		this.writes.push({ type, nodeCredentials: { ...nodeCredentials }, data: deepCopy(data), via: 'updateCredentials' });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const current = this.requireStored(nodeCredentials, type);
		const updated = { ...current, oauthTokenData: deepCopy(data.oauthTokenData) } as ICredentialDataDecryptedObject;
		this.stored.set(type, updated);
		this.writes.push({
			type,
			nodeCredentials: { ...nodeCredentials },
			data: deepCopy(updated),
			via: 'updateCredentialsOauthTokenData',
		});
	}

	private requireStored(nodeCredentials: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const data = this.stored.get(type);
		if (data === undefined) {
			// The CLI's CredentialNotFoundError wording, so assertions on it carry over.
			throw new UserError(`Credential with ID "${nodeCredentials?.id}" does not exist for type "${type}".`);
		}
		return data;
	}
}

/**
 * The credentials helper of one harness run and the node's credential references: a shared
 * helper keeps what it holds (a persisted token is never overwritten), and by default the node
 * references every declared credential type the helper has data for.
 */
export function credentialsForRun(
	description: { credentials?: Array<{ name: string }> },
	options: {
		credentialsHelper?: TestCredentialsHelper;
		credentialTypes?: CredentialTypeInput[];
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		nodeCredentials?: INodeCredentials;
	},
): { credentialsHelper: TestCredentialsHelper; nodeCredentials: INodeCredentials } {
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper();
	credentialsHelper.addCredentialTypes(options.credentialTypes ?? []);
	for (const [type, data] of Object.entries(options.credentials ?? {})) {
		if (!credentialsHelper.hasCredentials(type)) credentialsHelper.setCredentials(type, data);
	}
	let nodeCredentials = options.nodeCredentials;
	if (!nodeCredentials) {
		nodeCredentials = {};
		for (const declared of description.credentials ?? []) {
			if (credentialsHelper.hasCredentials(declared.name)) {
				nodeCredentials[declared.name] = { id: `cred-${declared.name}`, name: `${declared.name} (test)` };
			}
		}
	}
	return { credentialsHelper, nodeCredentials };
}
