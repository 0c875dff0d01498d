/** Tencent Cloud IM → Online Status (openim/query_online_status). */
import { timFixture } from '../../emulator';
import { expectSignedQuery, jsonOf, platformHarness, userIds } from '../../helpers/platform';

const h = platformHarness('tim');

describe('Online Status', () => {
	it('queries online status of 1100 users in calls of 500', async () => {
		const ids = [...userIds(1099, 's', h.emulator), 'ghost'];
		h.emulator.tim.setOnline(timFixture.sdkAppId, 's0001', 'Online');
		h.emulator.tim.setOnline(timFixture.sdkAppId, 's0002', 'PushOnline');
		const out = jsonOf(await h.run({ resource: 'onlineStatus', operation: 'query', userIds: ids.join('\n'), detail: true }));
		const calls = h.calls('openim/query_online_status');
		calls.forEach((c) => expectSignedQuery(c));
		expect(calls.map((c) => (c.json as { To_Account: string[] }).To_Account.length)).toEqual([500, 500, 100]);
		expect(calls[0].json).toMatchObject({ IsNeedDetail: 1 });
		expect(out).toHaveLength(1100);
		expect(out[1]).toEqual({ To_Account: 's0001', Status: 'Online', Detail: [{ Platform: 'iPhone', Status: 'Online' }] });
		expect(out[2]).toMatchObject({ To_Account: 's0002', Status: 'PushOnline' });
		expect(out[0]).toMatchObject({ To_Account: 's0000', Status: 'Offline' });
		expect(out[1099]).toEqual({ To_Account: 'ghost', Status: 'Error', ErrorCode: 70107 });
	});
});
