/**
 * User (get, get many, list OpenIDs, update remark) and Tag (create, list, update, delete, tag and
 * untag users, a user's tags, a tag's users) against the emulator's user and tags endpoints. The
 * emulator's account has 25 followers; a page size of 10 here makes paging testable.
 */
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const followers = () => h.emulator.oa.followers().map((f) => f.openid);
const user = (parameters: Record<string, unknown>) => h.run({ resource: 'user', ...parameters });
const tag = (parameters: Record<string, unknown>) => h.run({ resource: 'tag', ...parameters });

/** Pages of 10 for user/get and user/tag/get (the app option; reset restores the seeded state). */
beforeEach(() => {
	(h.emulator.oa.app() as { listPageSize: number }).listPageSize = 10;
});
afterAll(() => {
	(h.emulator.oa.app() as { listPageSize: number }).listPageSize = 10000;
});

describe('User', () => {
	it('gets a follower in the language asked', async () => {
		const [out] = jsonOf(await user({ operation: 'get', openId: followers()[0], language: 'en' }));
		expect(out).toMatchObject({ subscribe: 1, openid: followers()[0], language: 'zh_CN', tagid_list: [] });
		expect(h.calls('/cgi-bin/user/info')[0].query).toEqual({ access_token: expect.any(String), openid: followers()[0], lang: 'en' });
	});

	it('gets 150 followers 100 at a time, one item each, in the order asked', async () => {
		const ids = Array.from({ length: 150 }, (_, k) => followers()[k % 25]);
		const out = jsonOf(await user({ operation: 'getMany', openIds: ids.join('\n') }));
		// Repeats are asked once.
		expect(out.map((u) => u.openid)).toEqual(followers());
		expect(h.bodies('/cgi-bin/user/info/batchget').map((b) => b.user_list.length)).toEqual([25]);
		const many = Array.from({ length: 101 }, (_, k) => `o${String(k).padStart(27, '0')}`);
		const failed = await user({ operation: 'getMany', openIds: many });
		expect(failed.error?.message).toMatch(/40003/);
		expect(h.bodies('/cgi-bin/user/info/batchget').slice(1).map((b) => b.user_list.length)).toEqual([100]);
	});

	it.each([
		[true, undefined, 25, 3],
		[false, 12, 12, 2],
	])('lists OpenIDs (Return All %s, Limit %s) over next_openid', async (returnAll, limit, count, pages) => {
		const out = jsonOf(await user({ operation: 'listOpenIds', returnAll, ...(limit ? { limit } : {}) }));
		expect(out).toEqual(followers().slice(0, count).map((openid) => ({ openid })));
		expect(h.calls('/cgi-bin/user/get').map((r) => r.query.next_openid)).toEqual([undefined, followers()[9], followers()[19]].slice(0, pages));
	});

	it('updates a remark', async () => {
		expect(jsonOf(await user({ operation: 'updateRemark', openId: followers()[2], remark: 'VIP 客户' }))).toEqual([{ openid: followers()[2], remark: 'VIP 客户' }]);
		expect(h.emulator.oa.followers()[2].remark).toBe('VIP 客户');
		const long = await user({ operation: 'updateRemark', openId: followers()[2], remark: '这是一个很长很长很长的备注' });
		expect(long.error?.message).toMatch(/45003/);
	});
});

describe('Tag', () => {
	async function created(name: string): Promise<number> {
		return Number(jsonOf(await tag({ operation: 'create', tagName: name }))[0].id);
	}

	it('creates, lists, renames and deletes a tag', async () => {
		const id = await created('广东');
		expect(h.bodies('/cgi-bin/tags/create')).toEqual([{ tag: { name: '广东' } }]);
		const listed = jsonOf(await tag({ operation: 'list' }));
		expect(listed).toEqual([
			{ id: 2, name: '星标组', count: 0 },
			{ id, name: '广东', count: 0 },
		]);
		expect(jsonOf(await tag({ operation: 'update', tagId: id, tagName: '广州' }))).toEqual([{ id, name: '广州' }]);
		expect(h.emulator.oa.tags().find((t) => t.id === id)?.name).toBe('广州');
		expect(jsonOf(await tag({ operation: 'delete', tagId: id }))).toEqual([{ id, deleted: true }]);
		expect(h.emulator.oa.tags().map((t) => t.id)).toEqual([2]);
	});

	it.each([
		['a name taken', async () => tag({ operation: 'create', tagName: '星标组' }), /45157.*exists already/],
		['a reserved tag', async () => tag({ operation: 'update', tagId: 2, tagName: 'x' }), /45058/],
		['an unknown tag', async () => tag({ operation: 'delete', tagId: 999 }), /45159/],
	])('%s fails with the code and a hint', async (_, run, message) => {
		const result = await run();
		expect(`${result.error?.message} ${result.error?.description}`).toMatch(message);
	});

	it('tags 60 followers 50 at a time, lists them with Return All, reads and removes a tag', async () => {
		const id = await created('客户');
		const ids = [...followers(), ...followers().map((f) => f)].slice(0, 25);
		// 25 distinct followers given twice: repeats are sent once.
		const out = jsonOf(await tag({ operation: 'tagUsers', tagId: id, openIds: [...ids, ...ids].join(',') }));
		expect(out).toEqual([{ tagid: id, openids: ids, count: 25 }]);
		expect(h.bodies('/cgi-bin/tags/members/batchtagging').map((b) => b.openid_list.length)).toEqual([25]);
		const members = jsonOf(await tag({ operation: 'listUsers', tagId: id, returnAll: true }));
		expect(members).toEqual(ids.map((openid) => ({ openid })));
		// No total in this answer: the empty page after the last one says it ended.
		expect(h.calls('/cgi-bin/user/tag/get').map((r) => (r.responseBody as { count: number }).count)).toEqual([10, 10, 5, 0]);
		expect(jsonOf(await tag({ operation: 'getUserTags', openId: ids[0] }))).toEqual([{ openid: ids[0], tagid_list: [id] }]);
		await tag({ operation: 'untagUsers', tagId: id, openIds: ids.slice(0, 20) });
		expect(jsonOf(await tag({ operation: 'listUsers', tagId: id, returnAll: true }))).toHaveLength(5);
	});

	it('splits more than 50 OpenIDs into calls of 50', async () => {
		const id = await created('大量');
		const many = Array.from({ length: 60 }, (_, k) => `o${String(k).padStart(27, '0')}`);
		const result = await tag({ operation: 'tagUsers', tagId: id, openIds: many });
		// None is a follower of this account: 49003 on the first call of 50.
		expect(result.error?.message).toMatch(/49003/);
		expect(String(result.error?.description)).toMatch(/does not belong to this account/);
		expect(h.bodies('/cgi-bin/tags/members/batchtagging').map((b) => b.openid_list.length)).toEqual([50]);
	});
});
