/**
 * Fixture apps the emulator starts with. Tests, the e2e suite and the sandbox build credentials
 * from these values, so keep them stable. They are test values, not secrets of any real account.
 */
import type { WecomAppOptions, WecomDepartment } from './platforms/wecom';
import type { OfficialAccountAppOptions } from './platforms/officialAccount';
import type { TimAppOptions } from './platforms/tim';
import type { KfCorpOptions } from './platforms/wechatKf';
import type { MeituanAppOptions } from './platforms/meituan';

export type FixtureSet = 'default' | 'sandbox';

const departments: WecomDepartment[] = [
	{ id: 1, name: '模拟企业', parentid: 0 },
	{ id: 2, name: '研发部', parentid: 1 },
	{ id: 3, name: '市场部', parentid: 1 },
	{ id: 4, name: '前端组', parentid: 2 },
];

// 25 members so user/list_id paging has several pages with a small limit; user01 sits in two
// departments, so list_id (one row per user and department) returns 26 rows.
const users = Array.from({ length: 25 }, (_, i) => {
	const n = String(i + 1).padStart(2, '0');
	const department = i === 0 ? [2, 3] : i < 10 ? [2] : i < 15 ? [4] : [3];
	return { userid: `user${n}`, name: `测试成员${n}`, department };
});

export const wecomFixture = {
	corpId: 'ww_emulator_corp',
	agentId: 1000002,
	corpSecret: 'emulator-corp-secret-1000002-aaaaaaaaaaaa',
	token: 'EmulatorCallbackToken',
	encodingAesKey: 'EmulatorEncodingAesKey0123456789abcdefghijk',
	name: 'Emulator App',
	users,
	departments,
	tags: [{ tagid: 1, tagname: '值班', userlist: ['user01', 'user02'], partylist: [3] }],
	robotKey: 'emulator-robot-key',
} satisfies WecomAppOptions & { robotKey: string };

/** A second app of the same corp (own secret, own tokens), registered in the sandbox set. */
export const wecomSecondAppFixture = {
	corpId: wecomFixture.corpId,
	agentId: 1000003,
	corpSecret: 'emulator-corp-secret-1000003-bbbbbbbbbbbb',
	token: 'EmulatorCallbackToken2',
	encodingAesKey: 'EmulatorEncodingAesKeySecondApp0123456789ab',
	name: 'Emulator App 2',
} satisfies WecomAppOptions;

export const officialAccountFixture = {
	appId: 'wx0e0e0e0e0e0e0e01',
	appSecret: '0123456789abcdef0123456789abcdef',
	token: 'EmulatorOaToken',
	encodingAesKey: 'OfficialAccountEmulatorKey0123456789abcdefg',
} satisfies OfficialAccountAppOptions;

/** Tencent Cloud IM app: the key is 64 hex characters like a real one, the admin the default name. */
export const timFixture = {
	sdkAppId: '1400000001',
	secretKey: 'e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80',
	admin: 'administrator',
	callbackToken: 'EmulatorTimCallbackToken',
	users: ['alice', 'bob', 'carol'],
} satisfies TimAppOptions;

/**
 * WeChat KF (微信客服) of the same corp: its own Secret and callback keys, two accounts, five
 * customers, members user01..user05 (user05 has not activated WeCom), user01 and user02 serving
 * the first account.
 */
export const kfFixture = {
	corpId: wecomFixture.corpId,
	secret: 'emulator-kf-secret-aaaaaaaaaaaaaaaaaaaaaaa',
	token: 'EmulatorKfCallbackToken',
	encodingAesKey: 'EmulatorKfEncodingAesKey0123456789abcdefghi',
	openKfId: 'wkEmulatorKfAccount000001',
	secondOpenKfId: 'wkEmulatorKfAccount000002',
	externalUserId: 'wmEmulatorCustomer000001',
	members: ['user01', 'user02', 'user03', 'user04', { userid: 'user05', active: false }],
	accounts: [
		{ open_kfid: 'wkEmulatorKfAccount000001', name: '模拟客服', servicers: ['user01', 'user02'] },
		{ open_kfid: 'wkEmulatorKfAccount000002', name: '售后客服', servicers: ['user03'] },
	],
	customers: Array.from({ length: 5 }, (_, i) => ({
		external_userid: `wmEmulatorCustomer00000${i + 1}`,
		nickname: `微信客户${i + 1}`,
		gender: i % 3,
	})),
} satisfies KfCorpOptions & Record<string, unknown>;

/** Meituan Waimai app: a 32-character secret like a real one, two stores, a user and an order. */
export const meituanFixture = {
	appId: '4688',
	appSecret: 'e5d2c4b7a1f0936e8d7c6b5a49382716',
	stores: ['t_Store0001', 't_Store0002'],
	openUserId: '100001',
	orderId: '27061900338318741',
} satisfies MeituanAppOptions & Record<string, unknown>;

export interface FixtureTarget {
	wecom: { addApp(options: WecomAppOptions): unknown; addRobot(key: string): void };
	oa: { addApp(options: OfficialAccountAppOptions): unknown };
	tim: { addApp(options: TimAppOptions): unknown };
	kf: { addCorp(options: KfCorpOptions): unknown };
	meituan: { addApp(options: MeituanAppOptions): unknown };
}

/** What `installFixtures` registered, in the JSON the CLI prints. */
export function describeFixtures(set: FixtureSet) {
	const { users: _users, departments: _departments, tags: _tags, ...wecom } = wecomFixture;
	return {
		wecom: { ...wecom, userCount: users.length, ...(set === 'sandbox' ? { secondApp: wecomSecondAppFixture } : {}) },
		oa: officialAccountFixture,
		tim: timFixture,
		meituan: meituanFixture,
		kf: { corpId: kfFixture.corpId, secret: kfFixture.secret, token: kfFixture.token, encodingAesKey: kfFixture.encodingAesKey, openKfId: kfFixture.openKfId, externalUserId: kfFixture.externalUserId },
	};
}

export function installFixtures(target: FixtureTarget, set: FixtureSet = 'default'): void {
	const { robotKey, ...app } = wecomFixture;
	target.wecom.addApp(app);
	target.wecom.addRobot(robotKey);
	target.oa.addApp(officialAccountFixture);
	target.tim.addApp(timFixture);
	target.kf.addCorp(kfFixture);
	target.meituan.addApp({ appId: meituanFixture.appId, appSecret: meituanFixture.appSecret, stores: meituanFixture.stores });
	if (set === 'sandbox') target.wecom.addApp(wecomSecondAppFixture);
}
