/**
 * The stored credentials of the emulator's fixture apps (test/emulator/fixtures.ts), written out
 * once for every test: a test asks for one by credential type and changes only what it is about.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { kfFixture, meituanFixture } from '../emulator/fixtures';
import { officialAccountFixture, timFixture, wecomFixture, wecomSecondAppFixture } from '../emulator/fixtures';

/** A Base URL nothing listens on, for runs that must not reach the platform (triggers, Build Only). */
export const UNUSED_BASE_URL = 'http://127.0.0.1:9/unused';

/** Each credential type of the package as the editor saves it for the fixture app, before any token. */
export const credentialFixtures = {
	weComApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		corpId: wecomFixture.corpId,
		agentId: String(wecomFixture.agentId),
		corpSecret: wecomFixture.corpSecret,
		token: wecomFixture.token,
		encodingAesKey: wecomFixture.encodingAesKey,
		baseUrl,
		accessToken: '',
		expiresAt: 0,
	}),
	weComRobotApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		webhookKey: wecomFixture.robotKey,
		baseUrl,
	}),
	tencentCloudImApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		sdkAppId: timFixture.sdkAppId,
		secretKey: timFixture.secretKey,
		identifier: timFixture.admin,
		dataCenter: 'console.tim.qq.com',
		callbackToken: timFixture.callbackToken,
		baseUrl,
	}),
	weChatOfficialAccountApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		appId: officialAccountFixture.appId,
		appSecret: officialAccountFixture.appSecret,
		token: officialAccountFixture.token,
		encodingAesKey: officialAccountFixture.encodingAesKey,
		messageEncryption: 'safe',
		endpoint: 'stable',
		baseUrl,
		accessToken: '',
		expiresAt: 0,
	}),
	weChatKfApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		corpId: kfFixture.corpId,
		secret: kfFixture.secret,
		token: kfFixture.token,
		encodingAesKey: kfFixture.encodingAesKey,
		baseUrl,
		accessToken: '',
		expiresAt: 0,
	}),
	meituanApi: (baseUrl = UNUSED_BASE_URL): ICredentialDataDecryptedObject => ({
		appId: meituanFixture.appId,
		appSecret: meituanFixture.appSecret,
		platform: 'waimai',
		baseUrl,
	}),
};

export type CredentialTypeName = keyof typeof credentialFixtures;

/** Changes to stored credentials, by credential type. */
export type CredentialChanges = Partial<Record<CredentialTypeName, ICredentialDataDecryptedObject>>;

/** The edit that turns the WeCom API credential into the corp's second app (sandbox fixture set). */
export const weComSecondAppEdit: ICredentialDataDecryptedObject = {
	agentId: String(wecomSecondAppFixture.agentId),
	corpSecret: wecomSecondAppFixture.corpSecret,
};
