/**
 * The sandbox's credentials: one per credential type the package declares, filled from the
 * emulator's fixture apps, with its Base URL pointing at the emulator. Ids and names are fixed, so
 * re-importing them on every start updates them in place (the emulator URL may have changed).
 */
import type { CredentialInput } from '../e2e/harness';
import { kfFixture, meituanFixture } from '../emulator';
import { officialAccountFixture, timFixture, wecomFixture } from '../emulator';

export interface SandboxCredential extends CredentialInput {
	id: string;
}

type Builder = (emulatorUrl: string) => Omit<SandboxCredential, 'type'>;

/**
 * Keyed by credential type name. A type the package declares but this table lacks gets no
 * credential; start.ts lists it so that whoever adds the type adds a line here.
 */
const builders: Record<string, Builder> = {
	// examples/meituan-im-auto-reply.json references this id and name.
	meituanApi: (url) => ({
		id: 'chinaImMeituanSandbox',
		name: 'Meituan (sandbox)',
		data: { appId: meituanFixture.appId, appSecret: meituanFixture.appSecret, platform: 'waimai', baseUrl: `${url}/meituan` },
	}),
	// examples/wechat-kf-auto-reply.json references this id and name.
	weChatKfApi: (url) => ({
		id: 'chinaImWeChatKfSandbox',
		name: 'WeChat KF (sandbox)',
		data: {
			corpId: kfFixture.corpId,
			secret: kfFixture.secret,
			token: kfFixture.token,
			encodingAesKey: kfFixture.encodingAesKey,
			baseUrl: `${url}/kf`,
		},
	}),
	// examples/*.json reference this id and name.
	weComApi: (url) => ({
		id: 'chinaImWeComSandbox',
		name: 'WeCom (sandbox)',
		data: {
			corpId: wecomFixture.corpId,
			agentId: String(wecomFixture.agentId),
			corpSecret: wecomFixture.corpSecret,
			token: wecomFixture.token,
			encodingAesKey: wecomFixture.encodingAesKey,
			baseUrl: `${url}/wecom`,
		},
	}),
	weComRobotApi: (url) => ({
		id: 'chinaImWeComRobotSandbox',
		name: 'WeCom Group Robot (sandbox)',
		data: { webhookKey: wecomFixture.robotKey, baseUrl: `${url}/wecom` },
	}),
	tencentCloudImApi: (url) => ({
		id: 'chinaImTimSandbox',
		name: 'Tencent Cloud IM (sandbox)',
		data: {
			sdkAppId: timFixture.sdkAppId,
			secretKey: timFixture.secretKey,
			identifier: timFixture.admin,
			dataCenter: 'console.tim.qq.com',
			callbackToken: timFixture.callbackToken,
			baseUrl: `${url}/tim`,
		},
	}),
	// Safe mode, as the emulator's account sends its callbacks by default.
	weChatOfficialAccountApi: (url) => ({
		id: 'chinaImOfficialAccountSandbox',
		name: 'WeChat Official Account (sandbox)',
		data: {
			appId: officialAccountFixture.appId,
			appSecret: officialAccountFixture.appSecret,
			token: officialAccountFixture.token,
			encodingAesKey: officialAccountFixture.encodingAesKey,
			messageEncryption: 'safe',
			baseUrl: `${url}/oa`,
		},
	}),
};

/** Credentials for the given types, and the types there is no sandbox credential for. */
export function sandboxCredentials(
	types: string[],
	emulatorUrl: string,
): { credentials: SandboxCredential[]; missing: string[] } {
	const credentials: SandboxCredential[] = [];
	const missing: string[] = [];
	for (const type of types) {
		const build = builders[type];
		if (build) credentials.push({ type, ...build(emulatorUrl) });
		else missing.push(type);
	}
	return { credentials, missing };
}

/**
 * Points every credential reference of a workflow's nodes at the sandbox credential of that type,
 * so examples work here whatever ids they were exported with.
 */
export function useSandboxCredentials<T extends { nodes: Array<Record<string, unknown>> }>(
	workflow: T,
	credentials: SandboxCredential[],
): T {
	const byType = new Map(credentials.map((credential) => [credential.type, credential]));
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const references = node.credentials as Record<string, unknown> | undefined;
			if (!references) return node;
			const replaced = Object.fromEntries(
				Object.entries(references).map(([type, reference]) => {
					const credential = byType.get(type);
					return [type, credential ? { id: credential.id, name: credential.name } : reference];
				}),
			);
			return { ...node, credentials: replaced };
		}),
	};
}
