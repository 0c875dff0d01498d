/** WeChat KF → Session against the emulator: get the state by name, transfer to bot, queue, a servicer or the end. */
import { NodeApiError } from 'n8n-workflow';
import { kfFixture } from '../../emulator';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');
const KF = kfFixture.openKfId;
const USER = kfFixture.externalUserId;
const getState = () => h.run({ resource: 'session', operation: 'getState', openKfId: KF, externalUserId: USER });
const transfer = (serviceState: number, extra: Record<string, unknown> = {}) =>
	h.run({ resource: 'session', operation: 'transfer', openKfId: KF, externalUserId: USER, serviceState, ...extra });

describe('Session', () => {
	it('reads the state by number and name', async () => {
		expect(jsonOf(await getState())).toEqual([{ open_kfid: KF, external_userid: USER, service_state: 4, state: 'ended' }]);
		h.emulator.kf.customerSays({ content: 'hi' });
		expect(jsonOf(await getState())[0]).toMatchObject({ service_state: 0, state: 'new' });
	});

	it('hands a customer from the bot to a servicer, with the msg_code for Send on Event, then ends', async () => {
		h.emulator.kf.customerSays({ content: 'hi' });
		expect(jsonOf(await transfer(1))).toEqual([{ open_kfid: KF, external_userid: USER, service_state: 1, state: 'bot' }]);
		const [handed] = jsonOf(await transfer(3, { servicerUserId: 'user01' }));
		expect(handed).toEqual({ open_kfid: KF, external_userid: USER, service_state: 3, servicer_userid: 'user01', state: 'servicer', msg_code: expect.any(String) });
		expect(jsonOf(await getState())[0]).toMatchObject({ state: 'servicer', servicer_userid: 'user01' });
		const [ended] = jsonOf(await transfer(4));
		const reply = await h.run({ resource: 'message', operation: 'sendOnEvent', code: ended.msg_code, messageType: 'text', content: '感谢咨询' });
		expect(jsonOf(reply)[0]).toMatchObject({ msgtype: 'text', msgid: expect.any(String) });
	});

	it('sends no servicer_userid unless the target is Servicer, and needs one for it', async () => {
		h.emulator.kf.customerSays({ content: 'hi' });
		await transfer(2, { servicerUserId: 'user01' });
		expect(h.bodies('/cgi-bin/kf/service_state/trans')).toEqual([{ open_kfid: KF, external_userid: USER, service_state: 2 }]);
		expect((await transfer(3, { servicerUserId: '  ' })).error?.message).toBe('Servicer User ID is empty');
	});

	it('names what WeChat refuses: a change the table forbids, a servicer who cannot take it', async () => {
		const forbidden = await transfer(1);
		expect((forbidden.error as NodeApiError).message).toMatch(/95016/);
		h.emulator.kf.customerSays({ content: 'hi' });
		const inactive = await transfer(3, { servicerUserId: 'user05' });
		expect((inactive.error as NodeApiError).description).toMatch(/not a servicer of this KF account, or has not activated WeCom/);
	});
});
