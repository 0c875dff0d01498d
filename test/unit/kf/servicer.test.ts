/** WeChat KF → Servicer against the emulator: add and remove with a result per user, in calls of 100; list. */
import { kfFixture } from '../../emulator';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');
const KF = kfFixture.openKfId;

describe('Servicer', () => {
	it('adds users and departments and outputs a result per entry', async () => {
		const results = jsonOf(await h.run({ resource: 'servicer', operation: 'add', openKfId: KF, userIds: 'user03, ghost', departmentIds: '1' }));
		expect(results).toEqual([
			{ open_kfid: KF, userid: 'user03', errcode: 0, errmsg: 'success', ok: true },
			{ open_kfid: KF, userid: 'ghost', errcode: 60111, errmsg: 'userid not found', ok: false },
			{ open_kfid: KF, department_id: 1, errcode: 0, errmsg: 'success', ok: true },
		]);
		expect(h.bodies('/cgi-bin/kf/servicer/add')).toEqual([{ open_kfid: KF, userid_list: ['user03', 'ghost'], department_id_list: [1] }]);
	});

	it('sends more than 100 users in calls of 100', async () => {
		const users = Array.from({ length: 230 }, (_, k) => `member${k}`);
		const results = jsonOf(await h.run({ resource: 'servicer', operation: 'add', openKfId: KF, userIds: users.join(',') }));
		expect(results).toHaveLength(230);
		expect(h.bodies('/cgi-bin/kf/servicer/add').map((b) => b.userid_list.length)).toEqual([100, 100, 30]);
	});

	it('removes servicers and lists the rest', async () => {
		const removed = jsonOf(await h.run({ resource: 'servicer', operation: 'remove', openKfId: KF, userIds: 'user02|user04' }));
		expect(removed.map((r) => [r.userid, r.ok])).toEqual([
			['user02', true],
			['user04', false],
		]);
		expect(jsonOf(await h.run({ resource: 'servicer', operation: 'list', openKfId: KF }))).toEqual([{ open_kfid: KF, userid: 'user01', status: 0 }]);
		expect(h.calls('/cgi-bin/kf/servicer/list')[0].query.open_kfid).toBe(KF);
	});

	it('refuses an add without users or departments, and department IDs that are not numbers', async () => {
		expect((await h.run({ resource: 'servicer', operation: 'add', openKfId: KF })).error?.message).toBe('Give at least one user ID or department ID');
		expect((await h.run({ resource: 'servicer', operation: 'add', openKfId: KF, departmentIds: 'sales' })).error?.message).toBe(
			'Department IDs must be whole numbers',
		);
		expect(h.calls('/cgi-bin/kf/servicer/add')).toHaveLength(0);
	});
});
