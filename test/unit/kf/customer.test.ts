/** WeChat KF → Customer → Batch Get against the emulator: 100 ids per call, session context, unknown ids. */
import { kfFixture } from '../../emulator';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');

describe('Customer → Batch Get', () => {
	it('outputs one item per customer, with the session context when asked, and marks unknown ids', async () => {
		h.emulator.kf.enterSession({ scene: 'poster', sceneParam: 'shop=7' });
		const items = jsonOf(
			await h.run({ resource: 'customer', operation: 'batchGet', externalUserIds: `${kfFixture.externalUserId}, wmUnknown`, needEnterSessionContext: true }),
		);
		expect(items).toEqual([
			{
				external_userid: kfFixture.externalUserId,
				nickname: '微信客户1',
				avatar: '',
				gender: 0,
				enter_session_context: { scene: 'poster', scene_param: 'shop=7' },
			},
			{ external_userid: 'wmUnknown', invalid: true },
		]);
		expect(h.bodies('/cgi-bin/kf/customer/batchget')).toEqual([
			{ external_userid_list: [kfFixture.externalUserId, 'wmUnknown'], need_enter_session_context: 1 },
		]);
	});

	it('sends more than 100 ids in calls of 100, each id once', async () => {
		const ids = Array.from({ length: 150 }, (_, k) => `wm${k}`);
		const items = jsonOf(await h.run({ resource: 'customer', operation: 'batchGet', externalUserIds: [...ids, 'wm0'].join(',') }));
		expect(items).toHaveLength(150);
		expect(h.bodies('/cgi-bin/kf/customer/batchget').map((b) => [b.external_userid_list.length, b.need_enter_session_context])).toEqual([
			[100, 0],
			[50, 0],
		]);
	});

	it('refuses an empty list', async () => {
		expect((await h.run({ resource: 'customer', operation: 'batchGet', externalUserIds: ' , ' })).error?.message).toBe('External User IDs: give at least one');
	});
});
