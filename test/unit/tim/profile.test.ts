/** Tencent Cloud IM → Profile (portrait_set, portrait_get). */
import { expectSignedQuery, jsonOf, platformHarness, userIds } from '../../helpers/platform';

const h = platformHarness('tim');

describe('Profile', () => {
	it('sets standard and custom tags', async () => {
		const [out] = jsonOf(
			await h.run({
				resource: 'profile',
				operation: 'set',
				userId: 'alice',
				standard: { Tag_Profile_IM_Nick: 'Alice', Tag_Profile_IM_Gender: 'Gender_Type_Female', Tag_Profile_IM_SelfSignature: 'hi' },
				custom: { field: [{ key: 'Level', type: 'integer', value: '7' }, { key: 'Tag_Profile_Custom_City', type: 'string', value: 'SZ' }] },
			}),
		);
		const [call] = h.calls('profile/portrait_set');
		expectSignedQuery(call);
		expect(call.json).toEqual({
			From_Account: 'alice',
			ProfileItem: [
				{ Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Female' },
				{ Tag: 'Tag_Profile_IM_Nick', Value: 'Alice' },
				{ Tag: 'Tag_Profile_IM_SelfSignature', Value: 'hi' },
				{ Tag: 'Tag_Profile_Custom_Level', Value: 7 },
				{ Tag: 'Tag_Profile_Custom_City', Value: 'SZ' },
			],
		});
		expect(out.UserID).toBe('alice');
	});

	it('refuses a non-integer value for an integer custom field', async () => {
		const result = await h.run({ resource: 'profile', operation: 'set', userId: 'alice', custom: { field: [{ key: 'Level', type: 'integer', value: 'high' }] } });
		expect(result.error?.message).toMatch(/whole number/);
	});

	it('gets chosen tags, one item per user, in calls of 100', async () => {
		await h.run({ resource: 'profile', operation: 'set', userId: 'bob', standard: { Tag_Profile_IM_Nick: 'Bob' }, custom: { field: [{ key: 'Level', type: 'integer', value: '3' }] } });
		const ids = [...userIds(119, 'p', h.emulator), 'bob', 'ghost'];
		const out = jsonOf(await h.run({ resource: 'profile', operation: 'get', userIds: ids.join(','), tags: ['Tag_Profile_IM_Nick'], customTags: 'Level' }));
		const bodies = h.bodies('profile/portrait_get');
		expect(bodies.map((b) => b.To_Account.length)).toEqual([100, 21]);
		expect(bodies[0].TagList).toEqual(['Tag_Profile_IM_Nick', 'Tag_Profile_Custom_Level']);
		expect(out).toHaveLength(121);
		expect(out[119]).toEqual({ UserID: 'bob', ResultCode: 0, ResultInfo: '', profile: { Tag_Profile_IM_Nick: 'Bob', Tag_Profile_Custom_Level: 3 } });
		expect(out[120]).toMatchObject({ UserID: 'ghost', ResultCode: 40003 });
	});
});
