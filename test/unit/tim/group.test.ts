/** Tencent Cloud IM → Group (group_open_http_svc: create, destroy, info, members). */
import { timFixture } from '../../emulator';
import { expectSignedQuery, jsonOf, platformHarness, userIds } from '../../helpers/platform';

const h = platformHarness('tim');
const APP = timFixture.sdkAppId;

describe('Group', () => {
	it('creates a group with owner, custom id and initial members', async () => {
		const [out] = jsonOf(
			await h.run({
				resource: 'group',
				operation: 'create',
				groupType: 'Private',
				name: '项目组',
				additionalFields: { ownerAccount: 'alice', groupId: 'proj-1', members: 'bob, carol', introduction: 'hi', maxMemberCount: 50, applyJoinOption: 'FreeAccess' },
			}),
		);
		const [call] = h.calls('group_open_http_svc/create_group');
		expectSignedQuery(call);
		expect(call.json).toEqual({
			Type: 'Private',
			Name: '项目组',
			Owner_Account: 'alice',
			GroupId: 'proj-1',
			Introduction: 'hi',
			MaxMemberCount: 50,
			ApplyJoinOption: 'FreeAccess',
			MemberList: [{ Member_Account: 'bob' }, { Member_Account: 'carol' }],
		});
		expect(out).toEqual({ Type: 'Private', Name: '项目组', GroupId: 'proj-1' });
		expect([...h.emulator.tim.group(APP, 'proj-1')!.members.keys()]).toEqual(['alice', 'bob', 'carol']);
	});

	it('refuses a Community id without the @TGS#_ prefix before calling', async () => {
		const result = await h.run({ resource: 'group', operation: 'create', groupType: 'Community', name: 'c', additionalFields: { groupId: 'plain' } });
		expect(result.error?.message).toMatch(/@TGS#_/);
		expect(h.calls('group_open_http_svc/create_group')).toHaveLength(0);
	});

	it('destroys a group', async () => {
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#gone' });
		expect(jsonOf(await h.run({ resource: 'group', operation: 'destroy', groupId: '@TGS#gone' }))).toEqual([{ GroupId: '@TGS#gone', destroyed: true }]);
		expect(h.bodies('group_open_http_svc/destroy_group')).toEqual([{ GroupId: '@TGS#gone' }]);
		expect(h.emulator.tim.group(APP, '@TGS#gone')).toBeUndefined();
	});

	it('gets info of 60 groups in calls of 50, one item per group', async () => {
		const ids = Array.from({ length: 59 }, (_, k) => `@TGS#g${k}`);
		for (const id of ids) h.emulator.tim.addGroup(APP, { GroupId: id, Name: `G ${id}` });
		const out = jsonOf(await h.run({ resource: 'group', operation: 'getInfo', groupIds: [...ids, '@TGS#none'].join(',') }));
		expect(h.bodies('group_open_http_svc/get_group_info').map((b) => b.GroupIdList.length)).toEqual([50, 10]);
		expect(out).toHaveLength(60);
		expect(out[0]).toMatchObject({ GroupId: '@TGS#g0', Name: 'G @TGS#g0', ErrorCode: 0 });
		expect(out[59]).toMatchObject({ GroupId: '@TGS#none', ErrorCode: 10010 });
	});

	it('pages all members with Limit/Offset', async () => {
		const members = userIds(250, 'm', h.emulator);
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#big', Owner_Account: 'alice', members });
		const out = jsonOf(await h.run({ resource: 'group', operation: 'getMembers', groupId: '@TGS#big', returnAll: true }));
		expect(h.bodies('group_open_http_svc/get_group_member_info')).toEqual([
			{ GroupId: '@TGS#big', Limit: 100, Offset: 0 },
			{ GroupId: '@TGS#big', Limit: 100, Offset: 100 },
			{ GroupId: '@TGS#big', Limit: 100, Offset: 200 },
		]);
		expect(out).toHaveLength(251);
		expect(out[0]).toMatchObject({ GroupId: '@TGS#big', Member_Account: 'alice', Role: 'Owner' });
	});

	it('stops at the limit', async () => {
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#lim', members: userIds(30, 'l', h.emulator) });
		const out = jsonOf(await h.run({ resource: 'group', operation: 'getMembers', groupId: '@TGS#lim', returnAll: false, limit: 7 }));
		expect(out).toHaveLength(7);
		expect(h.bodies('group_open_http_svc/get_group_member_info')).toEqual([{ GroupId: '@TGS#lim', Limit: 7, Offset: 0 }]);
	});

	it('pages a Community with Next', async () => {
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#_club', members: userIds(150, 'c', h.emulator) });
		const out = jsonOf(await h.run({ resource: 'group', operation: 'getMembers', groupId: '@TGS#_club', returnAll: true }));
		const bodies = h.bodies('group_open_http_svc/get_group_member_info');
		expect(bodies).toHaveLength(2);
		expect(bodies[0]).toEqual({ GroupId: '@TGS#_club', Limit: 100, Next: '' });
		expect(bodies[1].Next).not.toBe('');
		expect(bodies[1]).not.toHaveProperty('Offset');
		expect(out).toHaveLength(150);
	});

	it('adds 45 members in calls of 20 with a result per member', async () => {
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#add', members: ['alice'] });
		const ids = [...userIds(43, 'a', h.emulator), 'alice', 'ghost'];
		const out = jsonOf(await h.run({ resource: 'group', operation: 'addMembers', groupId: '@TGS#add', members: ids.join(','), silence: true }));
		const bodies = h.bodies('group_open_http_svc/add_group_member');
		expect(bodies.map((b) => b.MemberList.length)).toEqual([20, 20, 5]);
		expect(bodies[0]).toMatchObject({ GroupId: '@TGS#add', Silence: 1 });
		expect(out).toHaveLength(45);
		expect(out[0]).toEqual({ GroupId: '@TGS#add', Member_Account: 'a0000', Result: 1, result: 'added' });
		expect(out[43]).toMatchObject({ Member_Account: 'alice', Result: 2, result: 'alreadyMember' });
		expect(out[44]).toMatchObject({ Member_Account: 'ghost', Result: 0, result: 'failed' });
	});

	it('removes members silently with a reason', async () => {
		h.emulator.tim.addGroup(APP, { GroupId: '@TGS#rm', members: ['alice', 'bob'] });
		const [out] = jsonOf(
			await h.run({ resource: 'group', operation: 'removeMembers', groupId: '@TGS#rm', members: 'bob', removeOptions: { silence: true, reason: 'spam' } }),
		);
		expect(h.bodies('group_open_http_svc/delete_group_member')).toEqual([{ GroupId: '@TGS#rm', MemberToDel_Account: ['bob'], Silence: 1, Reason: 'spam' }]);
		expect(out).toEqual({ GroupId: '@TGS#rm', removed: ['bob'], calls: 1 });
		expect([...h.emulator.tim.group(APP, '@TGS#rm')!.members.keys()]).toEqual(['alice']);
	});
});
