/** The emulator's Tencent Cloud IM side: UserSig checks, per-call caps and faults, called directly. */
import { timUserSig } from '../../nodes/shared/crypto';
import { timFixture } from './fixtures';
import { startEmulator, type Emulator } from './server';
import type { Json } from './testUtils';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => emu.reset());

async function call(path: string, body: unknown, query: Record<string, string> = {}) {
	const q = new URLSearchParams({
		sdkappid: timFixture.sdkAppId,
		identifier: timFixture.admin,
		usersig: timUserSig(timFixture.sdkAppId, timFixture.secretKey, timFixture.admin, 86400),
		random: '12345',
		contenttype: 'json',
		...query,
	});
	const res = await fetch(`${emu.baseUrl('tim')}/v4/${path}?${q}`, { method: 'POST', body: JSON.stringify(body) });
	return (await res.json()) as Json;
}

const check = { CheckItem: [{ UserID: 'alice' }] };

describe('Tencent Cloud IM emulator', () => {
	it('accepts a valid admin UserSig', async () => {
		expect(await call('im_open_login_svc/account_check', check)).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
	});

	it.each([
		['an expired UserSig', { usersig: timUserSig(timFixture.sdkAppId, timFixture.secretKey, timFixture.admin, 60, Math.floor(Date.now() / 1000) - 120) }, 70001],
		['garbage', { usersig: 'not-a-usersig' }, 70003],
		['another key', { usersig: timUserSig(timFixture.sdkAppId, 'other-key', timFixture.admin, 86400) }, 70009],
		['another identifier', { identifier: 'alice' }, 70013],
		['another SDKAppID in the UserSig', { usersig: timUserSig('1400000002', timFixture.secretKey, timFixture.admin, 86400) }, 70014],
		['an unknown SDKAppID', { sdkappid: '1400999999' }, 70020],
		['no random', { random: '' }, 60002],
		['a non-admin account', { identifier: 'alice', usersig: timUserSig(timFixture.sdkAppId, timFixture.secretKey, 'alice', 86400) }, 60010],
	])('refuses %s', async (_what, query, code) => {
		const answer = await call('im_open_login_svc/account_check', check, query as Record<string, string>);
		expect(answer).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
	});

	it('expires by its own clock', async () => {
		emu.advanceClock(86401);
		expect((await call('im_open_login_svc/account_check', check)).ErrorCode).toBe(70001);
	});

	it.each([
		['im_open_login_svc/account_check', { CheckItem: Array.from({ length: 101 }, (_, k) => ({ UserID: `x${k}` })) }, 70402],
		['im_open_login_svc/multiaccount_import', { AccountList: Array.from({ length: 101 }, (_, k) => ({ UserID: `x${k}` })) }, 70402],
		['im_open_login_svc/account_delete', { DeleteItem: Array.from({ length: 101 }, (_, k) => ({ UserID: `x${k}` })) }, 70402],
		[
			'openim/batchsendmsg',
			{ To_Account: Array.from({ length: 501 }, (_, k) => `x${k}`), MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] },
			90011,
		],
		['openim/query_online_status', { To_Account: Array.from({ length: 501 }, (_, k) => `x${k}`) }, 70402],
	])('caps %s', async (path, body, code) => {
		expect(await call(path, body)).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
	});

	it('answers the frequency limit through the fault API', async () => {
		emu.rateLimit('tim', 1);
		expect((await call('im_open_login_svc/account_check', check)).ErrorCode).toBe(60007);
		expect((await call('im_open_login_svc/account_check', check)).ErrorCode).toBe(0);
	});

	it('records messages', async () => {
		await call('openim/sendmsg', { To_Account: 'bob', MsgRandom: 7, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] });
		expect(emu.tim.messages).toEqual([expect.objectContaining({ kind: 'c2c', from: 'administrator', to: 'bob', text: 'hi' })]);
	});

	it('sends a callback through the control API for out-of-process tests', async () => {
		const res = await fetch(`${emu.url}/__emulator/callback`, {
			method: 'POST',
			body: JSON.stringify({
				platform: 'tim',
				url: `${emu.url}/__emulator/health`,
				command: 'C2C.CallbackAfterSendMsg',
				token: timFixture.callbackToken,
				body: { From_Account: 'alice' },
			}),
		});
		const sent = (await res.json()) as { request: { query: Record<string, string>; body: string } };
		expect(sent.request.query).toMatchObject({ SdkAppid: timFixture.sdkAppId, CallbackCommand: 'C2C.CallbackAfterSendMsg', contenttype: 'json' });
		expect(sent.request.query.Sign).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.parse(sent.request.body)).toEqual({ CallbackCommand: 'C2C.CallbackAfterSendMsg', From_Account: 'alice' });
	});
});
